package dev.nn4j.core.config;

import java.util.List;

/**
 * How a configuration asks to be trained on a cluster (the {@code training.distributed} section),
 * which nn-spark reads; training on one machine does not use it.
 *
 * @param algorithm {@code sync}: each step's gradients are computed data-parallel and summed;
 *     {@code average}: each partition takes {@code localSteps} optimizer steps on its own rows,
 *     then the weights and optimizer states are averaged (local SGD)
 * @param partitions how many parts the data (or each step's batch) is split into; 0 for the
 *     cluster's default
 * @param localSteps with {@code average}: the optimizer steps each partition takes between two
 *     averagings, at least 1; 1 with {@code sync}
 * @param warmupSteps with {@code average}: synchronous steps before the first local ones, at
 *     least 0; 0 with {@code sync}
 */
public record DistributedSpec(String algorithm, int partitions, int localSteps, int warmupSteps) {

  /** The algorithms a configuration may name. */
  public static final List<String> ALGORITHMS = List.of("sync", "average");

  /** Checks the values. */
  public DistributedSpec {
    if (!ALGORITHMS.contains(algorithm)) {
      throw new IllegalArgumentException("unknown algorithm '" + algorithm + "'; valid: "
          + ALGORITHMS);
    }
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions must be at least 0, was " + partitions);
    }
    if (localSteps < 1) {
      throw new IllegalArgumentException("localSteps must be at least 1, was " + localSteps);
    }
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("warmupSteps must be at least 0, was " + warmupSteps);
    }
    if (algorithm.equals("sync") && (localSteps != 1 || warmupSteps != 0)) {
      throw new IllegalArgumentException("localSteps and warmupSteps apply to algorithm"
          + " 'average' only");
    }
  }

  /**
   * Synchronous data-parallel training.
   *
   * @param partitions how many shares each step's batch is split into; 0 for the default
   * @return the spec
   */
  public static DistributedSpec sync(int partitions) {
    return new DistributedSpec("sync", partitions, 1, 0);
  }

  /** Whether this is parameter averaging (local SGD). @return true for {@code average} */
  public boolean averaging() {
    return algorithm.equals("average");
  }
}
