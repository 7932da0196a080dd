package dev.nn4j.core.config;

import dev.nn4j.core.DenseLayer;
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
   * Writes a network section (inputs and, per layer, units, activation, bias and any
   * regularisation; no weights).
   *
   * @param network the network
   * @return the section as JSON
   */
  public static String network(Network network) {
    List<Object> layers = new ArrayList<>();
    for (DenseLayer layer : network.layers()) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("units", layer.units());
      map.put("activation", pluginMap(layer.activation()));
      map.put("bias", layer.hasBias());
      Regularization r = layer.regularization();
      if (!r.equals(Regularization.NONE)) {
        map.put("l1", r.l1());
        map.put("l2", r.l2());
        map.put("dropout", r.dropout());
      }
      layers.add(map);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("inputs", network.inputs());
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
