package dev.nn4j.core.config;

import dev.nn4j.core.layer.BuiltInLayers;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.Regularization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes configuration sections that {@link ConfigReader} reads back: a network's shape and
 * activations, and a plugin with its parameters. Plugins are written by name and parameters,
 * never by class name.
 *
 * <p>Thread-safety: stateless.
 */
public final class ConfigWriter {

  private ConfigWriter() {}

  /**
   * Writes a network section: the input shape and, per layer, what the configuration gave (its
   * type and parameters, name, inputs, activation and regularisation); no values.
   *
   * @param network the network
   * @return the section as JSON
   */
  public static String network(Network network) {
    List<Object> layers = new ArrayList<>();
    for (LayerSpec layer : network.spec().layers()) {
      Map<String, Object> map = new LinkedHashMap<>();
      if (layer.name() != null) {
        map.put("name", layer.name());
      }
      if (!layer.inputs().isEmpty()) {
        map.put("inputs", layer.inputs());
      }
      if (layer.isDense()) {
        BuiltInLayers.Dense.Parameters p = (BuiltInLayers.Dense.Parameters) layer.type()
            .parameters();
        map.put("units", p.units());
        map.put("activation", pluginMap(layer.activation()));
        map.put("bias", p.bias());
      } else {
        map.putAll(pluginMap(layer.type()));
        if (layer.activation() != null) {
          map.put("activation", pluginMap(layer.activation()));
        }
      }
      Regularization r = layer.regularization();
      if (r.l1() != 0 || r.l2() != 0) {
        map.put("l1", r.l1());
        map.put("l2", r.l2());
      }
      if (r.dropout() != 0) {
        map.put("dropout", r.dropout());
      }
      layers.add(map);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("inputs", network.inputShape().isImage() ? network.inputShape().dims()
        : network.inputs());
    root.put("layers", layers);
    return DocumentParser.binder().writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  /**
   * Writes a plugin as a map of {@code type} and its parameters.
   *
   * @param spec the plugin, parameters resolved
   * @return the plugin as JSON
   */
  public static String plugin(PluginSpec spec) {
    return DocumentParser.binder().writeValueAsString(pluginMap(spec));
  }

  private static Map<String, Object> pluginMap(PluginSpec spec) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("type", spec.name());
    if (spec.parameters() != null) {
      for (var c : spec.parameters().getClass().getRecordComponents()) {
        try {
          map.put(c.getName(), c.getAccessor().invoke(spec.parameters()));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot read parameter " + c.getName(), e);
        }
      }
    }
    return map;
  }
}
