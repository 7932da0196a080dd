package dev.nn4j.core;

import java.util.List;

/**
 * What {@link Trainer#fit} observed, epoch by epoch.
 *
 * @param epochs one result per epoch run, in order
 * @param bestEpoch the epoch whose weights the network holds after early stopping restored them,
 *     or 0 when no early stopping was configured
 * @param stoppedEarly whether early stopping ended training before the last epoch
 * @param interrupted whether {@link Trainer#requestStop()} ended training
 */
public record TrainingHistory(List<EpochResult> epochs, int bestEpoch, boolean stoppedEarly,
    boolean interrupted) {

  /** Copies the list. */
  public TrainingHistory {
    epochs = List.copyOf(epochs);
  }

  /**
   * A history of epochs that all ran, without early stopping.
   *
   * @param epochs one result per epoch
   */
  public TrainingHistory(List<EpochResult> epochs) {
    this(epochs, 0, false, false);
  }

  /** Returns the training loss of each epoch. */
  public List<Double> losses() {
    return epochs.stream().map(EpochResult::loss).toList();
  }

  /** Returns the training loss of the last epoch. */
  public double finalLoss() {
    return epochs.get(epochs.size() - 1).loss();
  }
}
