package dev.nn4j.cli;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.NoParameters;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.api.spi.LossProvider;
import dev.nn4j.api.spi.NoParametersProvider;

/** A loss with a bug: it throws, so tests can see how the CLI reports an internal error. */
public final class ExplodingLossProvider implements LossProvider<NoParameters>,
    NoParametersProvider<Loss> {

  @Override
  public String name() {
    return "exploding";
  }


  @Override
  public Loss create(NoParameters parameters) {
    return new Loss() {
      @Override
      public double value(Matrix predictions, Matrix targets) {
        throw new IllegalStateException("a bug in the exploding loss");
      }

      @Override
      public void gradient(Matrix predictions, Matrix targets, Matrix gradient) {
        throw new IllegalStateException("a bug in the exploding loss");
      }
    };
  }
}
