package dev.nn4j.core.config;

import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.Regularization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One layer of a network, as a configuration's {@code layers:} entry gives it.
 *
 * @param name what other layers' {@code inputs} call it, or null (then it is {@code layers[i]})
 * @param type the layer plugin and its parameters, e.g. {@code dense} with its units
 * @param inputs the names of the layers it takes as input ({@code input} for the network's
 *     input); empty for the previous layer in the list (the network's input for the first)
 * @param activation the activation of a {@code dense} or {@code activation} layer, parameters
 *     resolved; null for other types
 * @param initializer how its weights are drawn, or null for the network's (or the default its
 *     activation suggests)
 * @param regularization L1 and L2 on its weights, and (for dense) dropout of its outputs
 * @param values explicit initial values by parameter name (a dense layer's {@code weights},
 *     units × inputs row-major, and {@code biases}); empty to draw them
 * @param location where the layer stands in its document, or null when built in code
 */
public record LayerSpec(String name, PluginSpec type, List<String> inputs, PluginSpec activation,
    PluginSpec initializer, Regularization regularization, Map<String, float[]> values,
    Location location) {

  /** Copies the lists and maps. */
  public LayerSpec {
    inputs = List.copyOf(inputs);
    values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    if (regularization == null) {
      regularization = Regularization.NONE;
    }
  }

  /**
   * A dense layer of the sequential form, with no explicit values.
   *
   * @param units outputs
   * @param activation its activation, parameters resolved or null for the defaults
   * @param bias whether it adds biases
   * @return the spec
   */
  public static LayerSpec dense(int units, PluginSpec activation, boolean bias) {
    return new LayerSpec(null, PluginSpec.of("dense",
        new dev.nn4j.core.layer.BuiltInLayers.Dense.Parameters(units, bias)), List.of(),
        activation, null, Regularization.NONE, Map.of(), null);
  }

  /** Returns whether this is a {@code dense} layer. */
  public boolean isDense() {
    return type.name().equals("dense");
  }

  /** Returns a copy with other explicit values. */
  public LayerSpec withValues(Map<String, float[]> newValues) {
    return new LayerSpec(name, type, inputs, activation, initializer, regularization, newValues,
        location);
  }
}
