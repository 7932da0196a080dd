package dev.nn4j.core.config;

import java.util.List;

/**
 * How a configuration asks to be trained on a cluster (the {@code training.distributed} section),
 * which nn-spark reads; training on one machine does not use it.
 *
 * @param algorithm {@code sync}: each step's gradients are computed data-parallel and summed
 * @param partitions how many parts each step's batch is split into; 0 for the cluster's default
 */
public record DistributedSpec(String algorithm, int partitions) {

  /** The algorithms a configuration may name. */
  public static final List<String> ALGORITHMS = List.of("sync");

  /** Checks the values. */
  public DistributedSpec {
    if (!ALGORITHMS.contains(algorithm)) {
      throw new IllegalArgumentException("unknown algorithm '" + algorithm + "'; valid: "
          + ALGORITHMS);
    }
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions must be at least 0, was " + partitions);
    }
  }
}
