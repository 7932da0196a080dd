package dev.nn4j.core.config;

import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.TrainingOptions;

/**
 * How to train: the trainer's options plus what the configuration adds around them.
 *
 * @param options epochs, batch size, shuffling, seed, clipping, early stopping, metrics
 * @param validationSplit fraction of the samples held out to measure after each epoch
 * @param testSplit fraction of the samples held out for the final evaluation
 * @param schedule the learning-rate schedule, parameters resolved
 * @param checkpoint where and how often to write checkpoints, or null for none
 * @param distributed how to train on a cluster, or null when the configuration does not say
 */
public record TrainingSpec(TrainingOptions options, double validationSplit, double testSplit,
    PluginSpec schedule, CheckpointSpec checkpoint, DistributedSpec distributed) {

  /**
   * A training section without a distributed part.
   *
   * @param options epochs, batch size, shuffling, seed, clipping, early stopping, metrics
   * @param validationSplit fraction of the samples held out to measure after each epoch
   * @param testSplit fraction of the samples held out for the final evaluation
   * @param schedule the learning-rate schedule, parameters resolved
   * @param checkpoint where and how often to write checkpoints, or null for none
   */
  public TrainingSpec(TrainingOptions options, double validationSplit, double testSplit,
      PluginSpec schedule, CheckpointSpec checkpoint) {
    this(options, validationSplit, testSplit, schedule, checkpoint, null);
  }

  /** Returns the number of epochs. */
  public int epochs() {
    return options.epochs();
  }

  /** Returns whether each epoch visits the samples in a new seeded order. */
  public boolean shuffle() {
    return options.shuffle();
  }

  /** Returns the seed of the shuffling, the splits and dropout. */
  public long seed() {
    return options.seed();
  }

  /** Returns the metrics measured on the validation and test splits. */
  public java.util.List<String> metrics() {
    return options.metrics();
  }

  /** Returns a copy with another number of epochs. */
  public TrainingSpec withEpochs(int newEpochs) {
    return new TrainingSpec(options.withEpochs(newEpochs), validationSplit, testSplit, schedule,
        checkpoint, distributed);
  }

  /** Returns a copy with another seed. */
  public TrainingSpec withSeed(long newSeed) {
    return new TrainingSpec(options.withSeed(newSeed), validationSplit, testSplit, schedule,
        checkpoint, distributed);
  }
}
