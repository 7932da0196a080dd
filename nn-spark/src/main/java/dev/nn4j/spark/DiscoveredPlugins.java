package dev.nn4j.spark;

import dev.nn4j.core.PluginRegistry;

/**
 * The executor JVM's discovered plugins, found once when a task first asks (the class-holder
 * idiom: immutable once initialised); a failure to discover is kept and reported to each task.
 */
final class DiscoveredPlugins {
  private static final Object RESULT = discover();

  private DiscoveredPlugins() {}

  private static Object discover() {
    try {
      return PluginRegistry.discover();
    } catch (RuntimeException e) {
      return e;
    }
  }

  static PluginRegistry registry() {
    if (RESULT instanceof RuntimeException e) {
      throw new Nn4jSparkException("an executor cannot discover its plugins: "
          + e.getMessage(), e);
    }
    return (PluginRegistry) RESULT;
  }
}
