package dev.nn4j.core;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.NoParameters;
import dev.nn4j.api.PluginKind;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.api.spi.Metric;
import dev.nn4j.api.spi.MetricProvider;
import dev.nn4j.api.spi.NoParametersProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ObjDoubleConsumer;

/**
 * The metrics nn-core provides, each a plugin of its own, and how a run computes the ones it is
 * configured with:
 *
 * <ul>
 *   <li>{@code loss}: the model's loss;
 *   <li>classification: {@code accuracy}, {@code macro_f1}, and per class {@code precision},
 *       {@code recall} and {@code f1} (reported as {@code precision_<k>} ... for class number k);
 *   <li>regression: {@code mae}, {@code rmse} and {@code r2} (1 − SS_res/SS_tot over all
 *       outputs).
 * </ul>
 *
 * <p>Thread-safety: stateless.
 */
public final class Metrics {

  /** What a run reports when nothing is configured. */
  public static final List<String> DEFAULT = List.of("loss", "accuracy");

  /** The built-in metrics that only make sense for classes. */
  public static final Set<String> CLASSIFICATION = Set.of("accuracy", "macro_f1", "precision",
      "recall", "f1");
  /** The built-in regression metrics, reported for numeric outputs unless some are named. */
  public static final List<String> REGRESSION = List.of("mae", "rmse", "r2");

  private Metrics() {}

  /**
   * Returns whether a model's outputs are classes: when it has class names, or when its loss
   * takes one class index per sample (fewer target columns than outputs). Any other model's
   * outputs are numbers. This is the one rule; the config reader, training and the CLI use it.
   *
   * @param namedClasses whether the model has (or its data will give it) class names
   * @param loss the model's loss
   * @param outputs the network's output units
   * @return true for a classifier
   */
  public static boolean classifier(boolean namedClasses, Loss loss, int outputs) {
    return namedClasses || loss.targetColumns(outputs) < outputs;
  }

  /**
   * Returns the metrics a run reports: for a classifier the configured ones, else {@link
   * #DEFAULT}; for numeric outputs the configured ones (else {@code loss}) without any of {@link
   * #CLASSIFICATION}, with {@link #REGRESSION} added when none of those is named.
   *
   * @param configured the config's {@code training.metrics}, or null when it names none
   * @param classifier whether the outputs are classes ({@link #classifier})
   * @return the names, in the configured order
   */
  public static List<String> reported(List<String> configured, boolean classifier) {
    if (classifier) {
      return configured != null ? List.copyOf(configured) : DEFAULT;
    }
    List<String> names = new ArrayList<>();
    for (String name : configured != null ? configured : List.of("loss")) {
      if (!CLASSIFICATION.contains(name)) {
        names.add(name);
      }
    }
    if (names.stream().noneMatch(REGRESSION::contains)) {
      names.addAll(REGRESSION);
    }
    return List.copyOf(names);
  }

  /**
   * Computes named metrics of a network's predictions.
   *
   * @param registry resolves the names
   * @param names metric names
   * @param loss the loss, for {@code loss}
   * @param predictions the outputs
   * @param targets the targets, same shape
   * @return the values by name, in the order of {@code names}
   * @throws dev.nn4j.api.UnknownPluginException for a name not installed
   */
  public static Map<String, Double> compute(PluginRegistry registry, List<String> names,
      Loss loss, Matrix predictions, Matrix targets) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String name : names) {
      Metric metric = (Metric) registry.create(PluginKind.METRIC, PluginSpec.of(name));
      metric.measure(predictions, targets, loss, out::put);
    }
    return out;
  }

  /** A metric provider whose metric takes no parameters and is its own component. */
  private abstract static class Named implements MetricProvider<NoParameters>,
      NoParametersProvider<Metric>, Metric {
    private final String name;
    private final String description;

    Named(String name, String description) {
      this.name = name;
      this.description = description;
    }

    @Override
    public final String name() {
      return name;
    }

    @Override
    public final String description() {
      return description;
    }

    @Override
    public final Metric create(NoParameters parameters) {
      return this;
    }
  }

  /** {@code loss}. */
  public static final class LossMetric extends Named {
    /** For {@code ServiceLoader}. */
    public LossMetric() {
      super("loss", "the model's loss");
    }

    @Override
    public void measure(Matrix s, Matrix y, Loss loss, ObjDoubleConsumer<String> out) {
      out.accept("loss", loss.value(s, y));
    }
  }

  /** {@code accuracy}. */
  public static final class Accuracy extends Named {
    /** For {@code ServiceLoader}. */
    public Accuracy() {
      super("accuracy", "the fraction of samples whose largest output is the target class");
    }

    @Override
    public void measure(Matrix s, Matrix y, Loss loss, ObjDoubleConsumer<String> out) {
      out.accept("accuracy", ConfusionMatrix.of(s, y).accuracy());
    }
  }

  /** {@code macro_f1}. */
  public static final class MacroF1 extends Named {
    /** For {@code ServiceLoader}. */
    public MacroF1() {
      super("macro_f1", "the mean of the classes' F1 scores");
    }

    @Override
    public void measure(Matrix s, Matrix y, Loss loss, ObjDoubleConsumer<String> out) {
      out.accept("macro_f1", ConfusionMatrix.of(s, y).macroF1());
    }
  }

  /** {@code precision}, {@code recall} and {@code f1} per class. */
  private abstract static class PerClass extends Named {
    /** One class's value from the confusion matrix. */
    interface Value {
      double of(ConfusionMatrix c, int k);
    }

    private final Value value;

    PerClass(String name, Value value, String description) {
      super(name, description);
      this.value = value;
    }

    @Override
    public final void measure(Matrix s, Matrix y, Loss loss,
        ObjDoubleConsumer<String> out) {
      ConfusionMatrix c = ConfusionMatrix.of(s, y);
      for (int k = 0; k < c.classes(); k++) {
        out.accept(name() + "_" + k, value.of(c, k));
      }
    }
  }

  /** {@code precision}, per class. */
  public static final class Precision extends PerClass {
    /** For {@code ServiceLoader}. */
    public Precision() {
      super("precision", ConfusionMatrix::precision,
          "per class k (precision_k): true positives / predicted positives");
    }
  }

  /** {@code recall}, per class. */
  public static final class Recall extends PerClass {
    /** For {@code ServiceLoader}. */
    public Recall() {
      super("recall", ConfusionMatrix::recall,
          "per class k (recall_k): true positives / actual positives");
    }
  }

  /** {@code f1}, per class. */
  public static final class F1 extends PerClass {
    /** For {@code ServiceLoader}. */
    public F1() {
      super("f1", ConfusionMatrix::f1,
          "per class k (f1_k): the harmonic mean of precision and recall");
    }
  }

  /** {@code mae}, {@code rmse} and {@code r2} over all outputs. */
  private abstract static class Regression extends Named {
    /** The metric from Σ|d|, Σd², the targets' total sum of squares and the count. */
    interface Value {
      double of(double abs, double squares, double total, int n);
    }

    private final Value value;

    Regression(String name, Value value, String description) {
      super(name, description);
      this.value = value;
    }

    @Override
    public final void measure(Matrix s, Matrix y, Loss loss,
        ObjDoubleConsumer<String> out) {
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
      mean /= n;
      double total = 0;
      for (int i = 0; i < n; i++) {
        double d = y.data()[i] - mean;
        total += d * d;
      }
      out.accept(name(), value.of(abs, squares, total, n));
    }
  }

  /** {@code mae}. */
  public static final class Mae extends Regression {
    /** For {@code ServiceLoader}. */
    public Mae() {
      super("mae", (abs, squares, total, n) -> abs / n,
          "mean absolute error over all outputs");
    }
  }

  /** {@code rmse}. */
  public static final class Rmse extends Regression {
    /** For {@code ServiceLoader}. */
    public Rmse() {
      super("rmse", (abs, squares, total, n) -> Math.sqrt(squares / n),
          "root mean squared error over all outputs");
    }
  }

  /** {@code r2}. */
  public static final class R2 extends Regression {
    /** For {@code ServiceLoader}. */
    public R2() {
      super("r2", (abs, squares, total, n) -> total == 0 ? 0 : 1 - squares / total,
          "1 - SS_res / SS_tot over all outputs (0 when the targets are constant)");
    }
  }
}
