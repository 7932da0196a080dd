package dev.nn4j.cli;

import dev.nn4j.api.NoParameters;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.api.spi.LossProvider;

/**
 * A loss provider with a registration bug: {@code defaultParameters()} returns null. Not listed
 * in this module's services file; a test lists it in a jar of its own to see the CLI's message.
 */
public final class NoDefaultsLossProvider implements LossProvider<NoParameters> {

  @Override
  public String name() {
    return "no_defaults";
  }

  @Override
  public Class<NoParameters> parametersType() {
    return NoParameters.class;
  }

  @Override
  public NoParameters defaultParameters() {
    return null;
  }

  @Override
  public Loss create(NoParameters parameters) {
    throw new UnsupportedOperationException("never created");
  }
}
