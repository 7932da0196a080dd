package dev.nn4j.core;

import dev.nn4j.api.NnException;
import dev.nn4j.api.PluginKind;
import dev.nn4j.api.spi.PluginProvider;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.model.Training;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs a plugin end to end, as a configuration would: through the real registry (with the
 * plugins discovered on the class path and the one given), the YAML binding of its parameters,
 * and a few training steps of a small network on fixed data, in the slot its kind has (the hidden
 * layer's activation, the loss, the optimizer, the schedule, a layer between two dense layers, the
 * initializer, or a validation metric). The engine-level companion of the nn-testkit contracts,
 * which check a component in isolation: a plugin's test adds {@code dev.nn4j:nn-core} in test scope
 * and calls {@link #run}.
 *
 * <p>Thread-safety: stateless.
 */
public final class PluginTrial {

  private PluginTrial() {}

  /**
   * What a trial trained.
   *
   * @param config the configuration document it read
   * @param history the epochs' metrics
   */
  public record Result(String config, TrainingHistory history) {}

  /**
   * Trains a small network with the plugin by name.
   *
   * @param provider the plugin under trial
   * @param parameters its parameters as YAML flow-map entries, e.g. {@code "alpha: 0.2"}; empty
   *     for its defaults
   * @return the configuration and the history
   * @throws AssertionError naming the plugin and the configuration if the registry refuses it,
   *     its parameters do not bind, training fails, or a loss is not finite
   */
  public static Result run(PluginProvider<?, ?> provider, String parameters) {
    List<PluginProvider<?, ?>> providers = new ArrayList<>();
    for (PluginProvider<?, ?> p : PluginDiscovery.discover(provider.getClass().getClassLoader())) {
      if (p.getClass() != provider.getClass()) {
        providers.add(p);
      }
    }
    providers.add(provider);
    String config = "";
    try {
      PluginRegistry registry = PluginRegistry.of(providers);
      boolean indices = PluginKind.of(provider) == PluginKind.LOSS
          && registry.newLoss(PluginSpec.of(provider.name())).targetColumns(3) == 1;
      config = config(provider, parameters, indices);
      ModelSpec spec = new ConfigReader(registry).read(config, "trial.yaml", Path.of("."));
      Training.Result result = Training.run(spec, registry, List.of());
      for (EpochResult epoch : result.history().epochs()) {
        for (var metric : epoch.metrics().entrySet()) {
          if (!Double.isFinite(metric.getValue())) {
            throw new AssertionError(provider.name() + ": " + metric.getKey() + " of epoch "
                + epoch.epoch() + " is " + metric.getValue() + "\n" + config);
          }
        }
      }
      return new Result(config, result.history());
    } catch (NnException e) {
      throw new AssertionError(provider.name() + " (" + provider.getClass().getName()
          + ") did not train by name: " + e.getMessage() + "\n" + config, e);
    }
  }

  /**
   * A configuration of a small classifier with the plugin in its kind's slot; targets one-hot, or
   * class indices for a loss that takes them.
   */
  static String config(PluginProvider<?, ?> provider, String parameters, boolean indices) {
    PluginKind kind = PluginKind.of(provider);
    String plugin = "{type: " + provider.name()
        + (parameters == null || parameters.isBlank() ? "" : ", " + parameters) + "}";
    String activation = kind == PluginKind.ACTIVATION ? plugin : "tanh";
    String loss = kind == PluginKind.LOSS ? plugin : "categorical_cross_entropy";
    String optimizer = kind == PluginKind.OPTIMIZER ? plugin : "{type: adam, learningRate: 0.01}";
    String layer = kind == PluginKind.LAYER ? "\n    - " + plugin : "";
    String initializer = kind == PluginKind.INITIALIZER ? "\n  initializer: " + plugin : "";
    String schedule = kind == PluginKind.SCHEDULE ? "\n  schedule: " + plugin : "";
    String metrics = kind == PluginKind.METRIC ? "\n  metrics: [loss, " + provider.name() + "]"
        + "\n  validationSplit: 0.25" : "";
    StringBuilder features = new StringBuilder();
    StringBuilder targets = new StringBuilder();
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 32; i++) {
      double a = random.nextDouble(-1, 1);
      double b = random.nextDouble(-1, 1);
      int k = a + b > 0.3 ? 0 : a - b > 0 ? 1 : 2;
      features.append(i == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT,
          "[%.4f, %.4f, %.4f, %.4f]", a, b, a * b, a - b));
      targets.append(i == 0 ? "" : ", ").append(indices ? "[" + k + "]"
          : k == 0 ? "[1, 0, 0]" : k == 1 ? "[0, 1, 0]" : "[0, 0, 1]");
    }
    return "name: trial\n"
        + "network:\n"
        + "  inputs: 4\n"
        + "  seed: 3" + initializer + "\n"
        + "  layers:\n"
        + "    - units: 8\n"
        + "      activation: " + activation + layer + "\n"
        + "    - units: 3\n"
        + "      activation: softmax\n"
        + "loss: " + loss + "\n"
        + "optimizer: " + optimizer + "\n"
        + "training:\n"
        + "  epochs: 5\n"
        + "  batchSize: 8\n"
        + "  seed: 5" + schedule + metrics + "\n"
        + "data:\n"
        + "  features: [" + features + "]\n"
        + "  targets: [" + targets + "]\n";
  }
}
