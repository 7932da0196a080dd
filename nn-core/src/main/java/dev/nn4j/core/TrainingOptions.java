package dev.nn4j.core;

/**
 * How {@link Trainer} iterates over the data.
 *
 * @param epochs passes over the whole dataset, at least 1
 * @param batchSize samples per gradient step, at least 1; 0 means the whole dataset (full-batch
 *     gradient descent)
 * @param shuffle whether to visit the samples in a new seeded random order each epoch
 * @param seed seed of the shuffling; the same seed gives the same order
 */
public record TrainingOptions(int epochs, int batchSize, boolean shuffle, long seed) {

  /** Defaults: 1 epoch, batch 32, shuffled, seed 42. */
  public static final TrainingOptions DEFAULTS = new TrainingOptions(1, 32, true, 42);

  /** Validates the counts. */
  public TrainingOptions {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, was " + epochs);
    }
    if (batchSize < 0) {
      throw new IllegalArgumentException(
          "batchSize must be at least 1, or 0 for the full batch; was " + batchSize);
    }
  }
}
