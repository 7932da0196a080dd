package dev.nn4j.cli;

import dev.nn4j.core.Metrics;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.model.Model;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Which metrics the CLI reports for a model: those of its config's {@code training.metrics} (the
 * config is stored in the model file), else the defaults; for a regression model, never a
 * classification metric, and always at least {@code mae}, {@code rmse} and {@code r2}.
 *
 * <p>The rule is nn-core's {@link Metrics#classifier} and {@link Metrics#reported}, which the
 * config reader also applies to a training run's epoch lines.
 *
 * <p>Thread-safety: stateless.
 */
final class ReportedMetrics {

  private ReportedMetrics() {}

  /** Returns whether a model's outputs are classes (see the class comment). */
  static boolean classifier(Model model, PluginRegistry registry) {
    return Metrics.classifier(!model.classes().isEmpty(), registry.newLoss(model.loss()),
        model.network().outputs());
  }

  /**
   * Returns the metric names to report for a model.
   *
   * @param model the model, whose stored config may name metrics
   * @param classifier whether its outputs are classes
   * @return the names, in the config's order, regression metrics added after
   */
  static List<String> of(Model model, boolean classifier) {
    return of(configured(model.config()), classifier);
  }

  /**
   * Returns the metric names to report.
   *
   * @param configured the config's {@code training.metrics}, or null when it names none
   * @param classifier whether the outputs are classes
   * @return the names
   */
  static List<String> of(List<String> configured, boolean classifier) {
    return Metrics.reported(configured, classifier);
  }

  /**
   * Returns the {@code training.metrics} of a config document, or null when it names none or
   * cannot be read (the model file was read already; its config is informative).
   */
  static List<String> configured(String config) {
    if (config == null) {
      return null;
    }
    try {
      JsonNode metrics = new YAMLMapper().readTree(config).path("training").path("metrics");
      if (!metrics.isArray()) {
        return null;
      }
      List<String> names = new ArrayList<>();
      for (JsonNode name : metrics) {
        if (!name.isString()) {
          return null;
        }
        names.add(name.asString());
      }
      return names;
    } catch (JacksonException e) {
      return null;
    }
  }
}
