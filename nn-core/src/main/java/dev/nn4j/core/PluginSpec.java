package dev.nn4j.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plugin chosen by name, with its parameters: what a config's {@code activation: relu} or
 * {@code optimizer: {type: sgd, learningRate: 0.1}} becomes.
 *
 * @param name the registered name
 * @param parameters an instance of the provider's parameters record, a {@link Values} map of
 *     parameters by name that the registry binds and validates, or null for the defaults
 */
public record PluginSpec(String name, Record parameters) {

  /** Requires a name. */
  public PluginSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a plugin name is required");
    }
  }

  /**
   * A plugin with its default parameters.
   *
   * @param name the registered name
   * @return a spec with null parameters
   */
  public static PluginSpec of(String name) {
    return new PluginSpec(name, null);
  }

  /**
   * A plugin with the given parameters.
   *
   * @param name the registered name
   * @param parameters the provider's parameters record
   * @return the spec
   */
  public static PluginSpec of(String name, Record parameters) {
    return new PluginSpec(name, parameters);
  }

  /**
   * A plugin with parameters given by name, so that Java code needs no plugin's record class at
   * compile time: {@code PluginSpec.of("sgd", Map.of("learningRate", 0.1, "momentum", 0.9))}.
   * The registry binds the map when it resolves or creates the plugin, as strictly as a config
   * file ({@code 600.5} is not an int, {@code "0.1"} not a number), over the defaults of the
   * parameters not named.
   *
   * @param name the registered name
   * @param parameters parameter names to values (String, Number, Boolean, List, Map)
   * @return the spec, whose parameters are a {@link Values}
   */
  public static PluginSpec of(String name, Map<String, ?> parameters) {
    return new PluginSpec(name, new Values(parameters));
  }

  /**
   * Parameters by name, not yet bound to the provider's record; {@link PluginRegistry#resolve}
   * binds them.
   *
   * @param values parameter names to plain values, copied; iteration order kept
   */
  public record Values(Map<String, ?> values) {

    /** Copies the map (null values allowed, for nullable components). */
    public Values {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
  }
}
