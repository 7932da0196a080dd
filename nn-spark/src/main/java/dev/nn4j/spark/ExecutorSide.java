package dev.nn4j.spark;

import dev.nn4j.api.NnException;
import dev.nn4j.api.PluginKind;
import dev.nn4j.api.spi.Loss;
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
    try {
      PluginSpec spec = new ConfigReader(registry).readPlugin(PluginKind.LOSS, lossText,
          "loss sent by the driver");
      return registry.newLoss(spec);
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
