package dev.nn4j.spark;

import dev.nn4j.core.PluginRegistry;
import java.io.Serializable;

/**
 * Where an executor finds its plugins. The default discovers the plugin jars on the executor's
 * class path (with {@code spark-submit}, those given with {@code --jars}) once per executor JVM,
 * on the first task that needs them; tests pass a smaller registry to play an executor that lacks
 * a plugin.
 *
 * <p>Thread-safety: implementations must be safe to call from any task thread.
 */
@FunctionalInterface
public interface ExecutorRegistry extends Serializable {

  /** The default: {@link PluginRegistry#discover()} on the executor, once per JVM. */
  ExecutorRegistry DISCOVER = DiscoveredPlugins::registry;

  /**
   * Returns the registry an executor builds networks and losses with.
   *
   * @return the registry
   */
  PluginRegistry registry();
}
