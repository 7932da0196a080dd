package dev.nn4j.core;

/**
 * Stops training when a monitored metric has not improved by more than minDelta for patience
 * epochs, and puts back the weights of the best epoch.
 *
 * @param monitor the metric of {@link EpochResult#metrics()}, such as {@code val_loss}
 * @param patience epochs without improvement to tolerate, ≥ 1
 * @param minDelta the smallest change that counts as an improvement, ≥ 0
 * @param maximize whether larger is better ({@code accuracy}, {@code f1}, {@code r2}); false for
 *     losses and errors
 */
public record EarlyStopping(String monitor, int patience, double minDelta, boolean maximize) {

  /** Validates the values. */
  public EarlyStopping {
    if (monitor == null || monitor.isBlank()) {
      throw new IllegalArgumentException("early stopping needs a metric to monitor");
    }
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be at least 1, was " + patience);
    }
    if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
      throw new IllegalArgumentException("minDelta must be a finite number >= 0, was " + minDelta);
    }
  }

  /**
   * Monitors a metric in the direction its name implies: larger is better for accuracy, f1,
   * precision, recall and r2, smaller for the rest.
   *
   * @param monitor the metric
   * @param patience epochs to wait
   * @param minDelta the smallest improvement
   * @return the policy
   */
  public static EarlyStopping on(String monitor, int patience, double minDelta) {
    boolean max = monitor.matches(".*(accuracy|f1|precision|recall|r2)$");
    return new EarlyStopping(monitor, patience, minDelta, max);
  }

  /** Whether {@code value} improves on {@code best} by more than minDelta. */
  boolean improves(double value, double best) {
    return maximize ? value > best + minDelta : value < best - minDelta;
  }
}
