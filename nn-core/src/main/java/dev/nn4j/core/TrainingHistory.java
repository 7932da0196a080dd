package dev.nn4j.core;

import java.util.List;

/**
 * What {@link Trainer#fit} observed, epoch by epoch.
 *
 * @param epochs one result per epoch, in order
 */
public record TrainingHistory(List<EpochResult> epochs) {

  /** Copies the list. */
  public TrainingHistory {
    epochs = List.copyOf(epochs);
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
