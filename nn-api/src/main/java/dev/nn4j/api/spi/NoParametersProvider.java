package dev.nn4j.api.spi;

import dev.nn4j.api.NoParameters;

/**
 * A provider whose components take no parameters: it fills in {@link #parametersType()} and
 * {@link #defaultParameters()}. Implement it beside the kind's interface, e.g. {@code class
 * SoftsignProvider implements ActivationProvider<NoParameters>, NoParametersProvider<Activation>}.
 *
 * @param <C> the component type
 */
public interface NoParametersProvider<C> extends PluginProvider<NoParameters, C> {

  /** Returns {@link NoParameters}. */
  @Override
  default Class<NoParameters> parametersType() {
    return NoParameters.class;
  }

  /** Returns {@link NoParameters#INSTANCE}. */
  @Override
  default NoParameters defaultParameters() {
    return NoParameters.INSTANCE;
  }
}
