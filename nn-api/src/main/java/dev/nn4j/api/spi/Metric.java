package dev.nn4j.api.spi;

import dev.nn4j.api.Matrix;
import java.util.function.ObjDoubleConsumer;

/**
 * Measures predictions against targets, as reported on validation and test data.
 *
 * <p>Contract: predictions and targets have the same shape and are read-only. Thread-safety: a
 * metric holds only its immutable parameters and may be used from several threads.
 */
public interface Metric {

  /**
   * Reports the metric's values: one under the metric's name, or several (for example one per
   * class, {@code precision_0}, {@code precision_1}, …).
   *
   * @param predictions the network's outputs, one row per sample
   * @param targets the targets, same shape
   * @param loss the loss the model is trained with (for a metric that reports it)
   * @param out receives each name and value
   */
  void measure(Matrix predictions, Matrix targets, Loss loss, ObjDoubleConsumer<String> out);
}
