package dev.nn4j.core.config;

import dev.nn4j.core.EarlyStopping;
import dev.nn4j.core.GradientClipping;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.TrainingOptions;
import java.util.List;

/**
 * How to train.
 *
 * @param epochs passes over the training split
 * @param batchSize samples per step; 0 for the full batch
 * @param shuffle whether each epoch visits the samples in a new seeded order
 * @param seed seed of the shuffling and of the splits
 * @param validationSplit fraction of the samples held out to measure after each epoch
 * @param testSplit fraction of the samples held out for the final evaluation
 * @param schedule the learning-rate schedule, parameters resolved
 * @param clipping limits on the gradients
 * @param earlyStopping when to stop early, or null
 * @param metrics what to measure on the validation split each epoch and on the test split
 * @param checkpoint where and how often to write checkpoints, or null for none
 */
public record TrainingSpec(int epochs, int batchSize, boolean shuffle, long seed,
    double validationSplit, double testSplit, PluginSpec schedule, GradientClipping clipping,
    EarlyStopping earlyStopping, List<String> metrics, CheckpointSpec checkpoint) {

  /** Copies the metric names. */
  public TrainingSpec {
    metrics = List.copyOf(metrics);
  }

  /** Returns the options the trainer iterates with. */
  public TrainingOptions options() {
    return new TrainingOptions(epochs, batchSize, shuffle, seed, clipping, earlyStopping,
        metrics);
  }

  /** Returns a copy with another number of epochs. */
  public TrainingSpec withEpochs(int newEpochs) {
    return new TrainingSpec(newEpochs, batchSize, shuffle, seed, validationSplit, testSplit,
        schedule, clipping, earlyStopping, metrics, checkpoint);
  }

  /** Returns a copy with another seed. */
  public TrainingSpec withSeed(long newSeed) {
    return new TrainingSpec(epochs, batchSize, shuffle, newSeed, validationSplit, testSplit,
        schedule, clipping, earlyStopping, metrics, checkpoint);
  }
}
