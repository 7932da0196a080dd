package dev.nn4j.activations;

import dev.nn4j.api.spi.Activation;
import dev.nn4j.api.spi.ActivationProvider;

/** {@code leaky_relu}: f(z) = z if z > 0, else alpha·z; f'(z) = 1 if z > 0, else alpha (Maas et al., 2013). */
public final class LeakyReluProvider implements ActivationProvider<LeakyReluProvider.Parameters> {

  /**
   * The parameters of {@code leaky_relu}.
   *
   * @param alpha slope for z ≤ 0, ≥ 0; default 0.01
   */
  public record Parameters(double alpha) {

    /** Validates {@code alpha}. */
    public Parameters {
      if (!(alpha >= 0) || Double.isInfinite(alpha)) {
        throw new IllegalArgumentException("alpha must be a finite number >= 0, was " + alpha);
      }
    }
  }

  @Override
  public String name() {
    return "leaky_relu";
  }

  @Override
  public String description() {
    return "f(z) = z if z > 0, else alpha·z; f'(z) = 1 if z > 0, else alpha (Maas et al., 2013);"
        + " alpha 0.01 as PyTorch (Keras: 0.3, Keras 3: 0.2).";
  }

  @Override
  public Class<Parameters> parametersType() {
    return Parameters.class;
  }

  @Override
  public Parameters defaultParameters() {
    return new Parameters(0.01);
  }

  @Override
  public Activation create(Parameters parameters) {
    float alpha = (float) parameters.alpha();
    return new ElementwiseActivation() {
      @Override
      float apply(float z) {
        return z > 0f ? z : alpha * z;
      }

      @Override
      float derivative(float z, float a) {
        return z > 0f ? 1f : alpha;
      }

      @Override
      public String initializer() {
        return "he_uniform";
      }
    };
  }
}
