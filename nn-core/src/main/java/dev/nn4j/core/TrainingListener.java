package dev.nn4j.core;

/**
 * Observes a {@link Trainer#fit} run: progress displays, charts, loggers, early stopping. Every
 * method has an empty default, so a listener overrides only what it needs.
 *
 * <p>Listeners are called on the training thread, in the order they were given, and must not
 * modify the network while training runs. The values they receive are immutable.
 */
public interface TrainingListener {

  /**
   * Called once before the first epoch.
   *
   * @param epochs the number of epochs planned
   * @param batchesPerEpoch the number of gradient steps per epoch
   */
  default void onTrainingStart(int epochs, int batchesPerEpoch) {}

  /**
   * Called before each epoch.
   *
   * @param epoch 1-based epoch number
   */
  default void onEpochStart(int epoch) {}

  /**
   * Called after each gradient step.
   *
   * @param batch what the step measured
   */
  default void onBatchEnd(BatchResult batch) {}

  /**
   * Called after each epoch, with its metrics.
   *
   * @param epoch what the epoch measured
   */
  default void onEpochEnd(EpochResult epoch) {}

  /**
   * Called once after the last epoch.
   *
   * @param history every epoch's metrics
   */
  default void onTrainingEnd(TrainingHistory history) {}
}
