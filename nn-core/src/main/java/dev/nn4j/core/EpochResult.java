package dev.nn4j.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One epoch's metrics, by name: {@code loss} (the mean training loss over the epoch's batches,
 * each measured before its update) always; with validation data also {@code val_loss} and, for
 * classifiers, {@code val_accuracy}.
 *
 * @param epoch 1-based epoch number
 * @param metrics metric values by name, in a stable order; unmodifiable
 */
public record EpochResult(int epoch, Map<String, Double> metrics) {

  /** Copies the metrics, keeping their order. */
  public EpochResult {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /** Returns the mean training loss of the epoch. */
  public double loss() {
    return metrics.get("loss");
  }

  /**
   * Returns a metric.
   *
   * @param name e.g. {@code val_accuracy}
   * @return its value, or empty if this epoch did not measure it
   */
  public OptionalDouble metric(String name) {
    Double v = metrics.get(name);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }
}
