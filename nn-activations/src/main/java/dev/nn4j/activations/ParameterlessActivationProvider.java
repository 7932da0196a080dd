package dev.nn4j.activations;

import dev.nn4j.api.NoParameters;
import dev.nn4j.api.spi.Activation;
import dev.nn4j.api.spi.ActivationProvider;
import dev.nn4j.api.spi.NoParametersProvider;

/**
 * Base of the element-wise activations that take no parameters: the provider is its own
 * stateless component, so {@link #create} returns {@code this}.
 */
abstract class ParameterlessActivationProvider extends ElementwiseActivation
    implements ActivationProvider<NoParameters>,
    NoParametersProvider<Activation> {

  private final String name;
  private final String description;

  /**
   * @param name the registered name
   * @param description the formula, shown by {@code nn4j plugins}
   */
  ParameterlessActivationProvider(String name, String description) {
    this.name = name;
    this.description = description;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }


  /** Returns {@code this}: the component is stateless, so sharing it is safe. */
  @Override
  public final Activation create(NoParameters parameters) {
    return this;
  }
}
