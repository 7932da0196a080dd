package dev.nn4j.core.config;

import dev.nn4j.core.Initializer;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import java.util.List;

/**
 * The layers of a network and how their weights start.
 *
 * @param inputs number of input features
 * @param seed seed of the weight initializer
 * @param initializer the initializer of layers without explicit weights or their own
 *     initializer, or null for the default of each layer's activation
 * @param layers first to last
 */
public record NetworkSpec(int inputs, long seed, Initializer initializer, List<LayerSpec> layers) {

  /** Copies the layer list. */
  public NetworkSpec {
    layers = List.copyOf(layers);
  }

  /**
   * Builds a fresh network: explicit weights where given, otherwise drawn from the seed.
   *
   * @param registry resolves the activations
   * @return a new network
   */
  public Network build(PluginRegistry registry) {
    Network.Builder builder = Network.builder(registry).inputs(inputs).seed(seed)
        .initializer(initializer);
    for (LayerSpec layer : layers) {
      builder.dense(layer.units(), layer.activation(), layer.bias())
          .regularization(layer.regularization());
      if (layer.initializer() != null) {
        builder.layerInitializer(layer.initializer());
      }
      if (layer.weights() != null) {
        builder.weights(rows(layer));
      }
      if (layer.biases() != null) {
        builder.biases(layer.biases());
      }
    }
    return builder.build();
  }

  private static float[][] rows(LayerSpec layer) {
    float[][] rows = new float[layer.weights().rows()][];
    for (int r = 0; r < rows.length; r++) {
      rows[r] = layer.weights().row(r);
    }
    return rows;
  }
}
