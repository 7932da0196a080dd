package dev.nn4j.core.config;

import java.nio.file.Path;

/**
 * Where and how often training writes checkpoints.
 *
 * @param file the checkpoint file, replaced atomically each time
 * @param every write after every this many epochs, ≥ 1
 */
public record CheckpointSpec(Path file, int every) {

  /** Validates the period. */
  public CheckpointSpec {
    if (every < 1) {
      throw new IllegalArgumentException("checkpoint.every must be at least 1, was " + every);
    }
  }
}
