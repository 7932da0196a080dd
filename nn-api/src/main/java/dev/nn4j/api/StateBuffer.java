package dev.nn4j.api;

import java.util.Objects;

/**
 * A layer's non-trainable state, such as batch normalisation's running mean: saved in model files
 * and checkpoints beside the parameters, restored on load, never touched by an optimizer.
 *
 * @param name stable name within the layer, e.g. {@code "running_mean"}: lower case letters,
 *     digits and {@code _}
 * @param values the layer's own array, read and written in place by the layer; the core copies
 *     into it when it loads a model
 */
public record StateBuffer(String name, float[] values) {

  /** Requires both. */
  public StateBuffer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(values, "values");
  }
}
