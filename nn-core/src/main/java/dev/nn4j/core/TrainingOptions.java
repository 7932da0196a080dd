package dev.nn4j.core;

import java.util.List;

/**
 * How {@link Trainer} iterates over the data: the training options, defined once and used by the
 * trainer's builder, the configuration's {@code training} section and the command line.
 *
 * @param epochs passes over the whole dataset, at least 1
 * @param batchSize samples per gradient step, at least 1; 0 means the whole dataset (full-batch
 *     gradient descent)
 * @param shuffle whether to visit the samples in a new seeded random order each epoch (the order
 *     of epoch e depends only on the seed and e)
 * @param seed seed of the shuffling and of the dropout masks
 * @param clipping limits on the gradients; {@link GradientClipping#NONE} for none
 * @param earlyStopping when to stop before the last epoch, or null to run every epoch
 * @param metrics what to measure on validation data after each epoch (installed metric names),
 *     reported with a {@code val_} prefix
 */
public record TrainingOptions(int epochs, int batchSize, boolean shuffle, long seed,
    GradientClipping clipping, EarlyStopping earlyStopping, List<String> metrics) {

  /** Defaults: 1 epoch, batch 32, shuffled, seed 42, no clipping, no early stopping. */
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
    if (clipping == null) {
      clipping = GradientClipping.NONE;
    }
    metrics = List.copyOf(metrics);
  }

  /**
   * Options without clipping or early stopping, measuring loss and accuracy.
   *
   * @param epochs passes over the data
   * @param batchSize samples per step, 0 for the full batch
   * @param shuffle whether to shuffle each epoch
   * @param seed seed of the shuffling and of dropout
   */
  public TrainingOptions(int epochs, int batchSize, boolean shuffle, long seed) {
    this(epochs, batchSize, shuffle, seed, GradientClipping.NONE, null, Metrics.DEFAULT);
  }

  /** Returns a copy with another number of epochs. */
  public TrainingOptions withEpochs(int value) {
    return new TrainingOptions(value, batchSize, shuffle, seed, clipping, earlyStopping, metrics);
  }

  /** Returns a copy with another batch size. */
  public TrainingOptions withBatchSize(int value) {
    return new TrainingOptions(epochs, value, shuffle, seed, clipping, earlyStopping, metrics);
  }

  /** Returns a copy with shuffling on or off. */
  public TrainingOptions withShuffle(boolean value) {
    return new TrainingOptions(epochs, batchSize, value, seed, clipping, earlyStopping, metrics);
  }

  /** Returns a copy with another seed. */
  public TrainingOptions withSeed(long value) {
    return new TrainingOptions(epochs, batchSize, shuffle, value, clipping, earlyStopping,
        metrics);
  }

  /** Returns a copy with other gradient limits. */
  public TrainingOptions withClipping(GradientClipping value) {
    return new TrainingOptions(epochs, batchSize, shuffle, seed, value, earlyStopping, metrics);
  }

  /** Returns a copy with another early-stopping policy (null for none). */
  public TrainingOptions withEarlyStopping(EarlyStopping value) {
    return new TrainingOptions(epochs, batchSize, shuffle, seed, clipping, value, metrics);
  }

  /** Returns a copy with other metrics. */
  public TrainingOptions withMetrics(List<String> value) {
    return new TrainingOptions(epochs, batchSize, shuffle, seed, clipping, earlyStopping, value);
  }
}
