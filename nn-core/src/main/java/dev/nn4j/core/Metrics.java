package dev.nn4j.core;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.spi.Loss;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics a training run can report, chosen by name:
 *
 * <ul>
 *   <li>{@code loss}: the training loss;
 *   <li>classification: {@code accuracy}, {@code macro_f1}, and per class {@code precision},
 *       {@code recall} and {@code f1} (reported as {@code precision_<k>} ... for class number k);
 *   <li>regression: {@code mae}, {@code rmse} and {@code r2} (1 − SS_res/SS_tot over all
 *       outputs).
 * </ul>
 *
 * <p>Thread-safety: stateless.
 */
public final class Metrics {

  /** The names {@link #compute} knows. */
  public static final List<String> NAMES = List.of("loss", "accuracy", "macro_f1", "precision",
      "recall", "f1", "mae", "rmse", "r2");

  /** What a run reports when nothing is configured. */
  public static final List<String> DEFAULT = List.of("loss", "accuracy");

  private Metrics() {}

  /**
   * Computes the named metrics of a network's predictions.
   *
   * @param names metric names, each in {@link #NAMES}
   * @param loss the loss, for {@code loss}
   * @param predictions the outputs
   * @param targets the targets, same shape
   * @return the values by name, in the order of {@code names}
   * @throws IllegalArgumentException for an unknown name
   */
  public static Map<String, Double> compute(List<String> names, Loss loss, Matrix predictions,
      Matrix targets) {
    Map<String, Double> out = new LinkedHashMap<>();
    ConfusionMatrix confusion = null;
    for (String name : names) {
      if (!NAMES.contains(name)) {
        throw new IllegalArgumentException("unknown metric '" + name + "'; valid: "
            + String.join(", ", NAMES));
      }
      if (name.equals("loss")) {
        out.put(name, loss.value(predictions, targets));
      } else if (name.equals("mae") || name.equals("rmse") || name.equals("r2")) {
        out.put(name, regression(name, predictions, targets));
      } else {
        if (confusion == null) {
          confusion = ConfusionMatrix.of(predictions, targets);
        }
        perClass(name, confusion, out);
      }
    }
    return out;
  }

  private static void perClass(String name, ConfusionMatrix c, Map<String, Double> out) {
    switch (name) {
      case "accuracy":
        out.put(name, c.accuracy());
        return;
      case "macro_f1":
        out.put(name, c.macroF1());
        return;
      default:
        for (int k = 0; k < c.classes(); k++) {
          double v = name.equals("precision") ? c.precision(k)
              : name.equals("recall") ? c.recall(k) : c.f1(k);
          out.put(name + "_" + k, v);
        }
    }
  }

  private static double regression(String name, Matrix s, Matrix y) {
    s.requireSameShape("predictions", "targets", y);
    int n = s.size();
    double abs = 0;
    double squares = 0;
    double mean = 0;
    for (int i = 0; i < n; i++) {
      double d = s.data()[i] - y.data()[i];
      abs += Math.abs(d);
      squares += d * d;
      mean += y.data()[i];
    }
    if (name.equals("mae")) {
      return abs / n;
    }
    if (name.equals("rmse")) {
      return Math.sqrt(squares / n);
    }
    mean /= n;
    double total = 0;
    for (int i = 0; i < n; i++) {
      double d = y.data()[i] - mean;
      total += d * d;
    }
    return total == 0 ? 0 : 1 - squares / total;
  }
}
