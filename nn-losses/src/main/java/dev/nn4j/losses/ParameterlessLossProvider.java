package dev.nn4j.losses;

import dev.nn4j.api.NoParameters;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.api.spi.LossProvider;
import dev.nn4j.api.spi.NoParametersProvider;

/**
 * Base of the losses that take no parameters: the provider is its own stateless component, so
 * {@link #create} returns {@code this}.
 */
abstract class ParameterlessLossProvider extends ElementwiseLoss
    implements LossProvider<NoParameters>, NoParametersProvider<Loss> {

  private final String name;
  private final String description;

  /**
   * @param name the registered name
   * @param description the formula, shown by {@code nn4j plugins}
   * @param perSample divide the sum by the rows if true, by all elements if false
   */
  ParameterlessLossProvider(String name, String description, boolean perSample) {
    super(perSample);
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
  public final Loss create(NoParameters parameters) {
    return this;
  }
}
