package dev.nn4j.spark;

import dev.nn4j.api.NnException;
import dev.nn4j.api.PluginKind;
import dev.nn4j.api.spi.LearningRateSchedule;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.config.ConfigReader;

/** Rebuilds, on an executor, what the driver sent as text; names the plugin a failure is about. */
final class ExecutorSide {

  private ExecutorSide() {}

  /** Builds the network a network section describes, with the executor's plugins. */
  static Network network(PluginRegistry registry, String networkText) {
    try {
      return new ConfigReader(registry).readNetwork(networkText, "network sent by the driver")
          .build(registry);
    } catch (NnException e) {
      throw missing(registry, e);
    }
  }

  /** Builds the loss a plugin section describes, with the executor's plugins. */
  static Loss loss(PluginRegistry registry, String lossText) {
    return registry.newLoss(plugin(registry, PluginKind.LOSS, lossText));
  }

  /** Builds the optimizer a plugin section describes, with the executor's plugins. */
  static Optimizer optimizer(PluginRegistry registry, String optimizerText) {
    return registry.newOptimizer(plugin(registry, PluginKind.OPTIMIZER, optimizerText));
  }

  /** Builds the learning-rate schedule a plugin section describes. */
  static LearningRateSchedule schedule(PluginRegistry registry, String scheduleText) {
    return registry.newSchedule(plugin(registry, PluginKind.SCHEDULE, scheduleText));
  }

  /** Reads a plugin section the driver sent, naming the plugin an executor lacks. */
  private static PluginSpec plugin(PluginRegistry registry, PluginKind kind, String text) {
    try {
      return new ConfigReader(registry).readPlugin(kind, text,
          kind.name().toLowerCase(java.util.Locale.ROOT) + " sent by the driver");
    } catch (NnException e) {
      throw missing(registry, e);
    }
  }

  private static Nn4jSparkException missing(PluginRegistry registry, NnException e) {
    return new Nn4jSparkException("an executor cannot rebuild the network: " + e.getMessage()
        + " (is the plugin's jar on the executors' class path? give it to spark-submit with"
        + " --jars)", e);
  }
}
