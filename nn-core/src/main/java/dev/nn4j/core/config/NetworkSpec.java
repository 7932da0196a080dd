package dev.nn4j.core.config;

import dev.nn4j.api.Shape;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import java.util.List;

/**
 * The layers of a network and how their weights start.
 *
 * @param input the shape of one input sample
 * @param seed seed of the weight initializer
 * @param initializer the initializer of layers without explicit weights or one of their own, or
 *     null for the default each layer's activation suggests
 * @param layers in the configuration's order; the last is the output
 * @param outputsLocation where the number of outputs is set in the document (the last layer's
 *     {@code units}, or the last layer when it is not dense), for errors; null when built in code
 */
public record NetworkSpec(Shape input, long seed, PluginSpec initializer, List<LayerSpec> layers,
    Location outputsLocation) {

  /** Copies the layer list. */
  public NetworkSpec {
    layers = List.copyOf(layers);
  }

  /**
   * A network specification that is not from a document.
   *
   * @param input the shape of one input sample
   * @param seed seed of the weight initializer
   * @param initializer the initializer of layers without one of their own, or null
   * @param layers in order; the last is the output
   */
  public NetworkSpec(Shape input, long seed, PluginSpec initializer, List<LayerSpec> layers) {
    this(input, seed, initializer, layers, null);
  }

  /** Returns the number of input values per sample. */
  public int inputs() {
    return input.size();
  }

  /**
   * Builds a fresh network: explicit values where given, otherwise drawn from the seed.
   *
   * @param registry resolves the plugins
   * @return a new network
   * @throws dev.nn4j.api.ConfigException with the layer's location for a graph or shape mistake
   */
  public Network build(PluginRegistry registry) {
    return Network.build(this, registry, null);
  }
}
