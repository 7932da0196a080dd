package dev.nn4j.core;

import java.util.List;

/**
 * What {@link Trainer#fit} observed.
 *
 * @param epochLosses the mean training loss of each epoch, measured on each batch before its
 *     update and weighted by batch size
 */
public record TrainingHistory(List<Double> epochLosses) {

  /** Copies the list. */
  public TrainingHistory {
    epochLosses = List.copyOf(epochLosses);
  }

  /** Returns the loss of the last epoch. */
  public double finalLoss() {
    return epochLosses.get(epochLosses.size() - 1);
  }
}
