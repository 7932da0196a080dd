package dev.nn4j.core;

/**
 * A plugin chosen by name, with its parameters: what a config's {@code activation: relu} or
 * {@code optimizer: {type: sgd, learningRate: 0.1}} becomes.
 *
 * @param name the registered name
 * @param parameters an instance of the provider's parameters record, or null for its defaults
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
}
