package dev.nn4j.api.spi;

/**
 * What every provider has in common. Implement the interface of one kind ({@link
 * ActivationProvider}, {@link LossProvider}, {@link OptimizerProvider}, {@link ScheduleProvider},
 * {@link LayerProvider}, {@link InitializerProvider} or {@link MetricProvider}), not this one.
 *
 * <p>Contract: a provider is a public class with a public no-argument constructor; it is stateless
 * and thread-safe, so one instance may serve any number of threads and create any number of
 * independent components.
 *
 * @param <P> the parameters record. Its compact constructor validates every field and throws
 *     {@link IllegalArgumentException} with a message naming the field and the allowed range.
 * @param <C> the component type created
 */
public interface PluginProvider<P extends Record, C> {

  /**
   * Returns the unique name used in configs: lower case letters, digits and {@code _}, starting
   * with a letter, e.g. {@code relu} or {@code binary_cross_entropy}.
   */
  String name();

  /** Returns the record class that configs bind the plugin's parameters to. */
  Class<P> parametersType();

  /** Returns the parameters used when a config names the plugin without parameters. */
  P defaultParameters();

  /**
   * Creates a new, independent component.
   *
   * @param parameters validated parameters, never null
   * @return a new component; two calls never return objects that share mutable state
   */
  C create(P parameters);

  /** Returns a one-line description shown by {@code nn4j plugins}; the formula where there is one. */
  default String description() {
    return "";
  }
}
