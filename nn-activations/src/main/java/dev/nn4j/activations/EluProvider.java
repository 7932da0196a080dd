package dev.nn4j.activations;

import dev.nn4j.api.spi.Activation;
import dev.nn4j.api.spi.ActivationProvider;

/** {@code elu}: f(z) = z if z > 0, else alpha·(e^z − 1); f'(z) = 1 if z > 0, else f(z) + alpha (Clevert et al., 2015, arXiv:1511.07289). */
public final class EluProvider implements ActivationProvider<EluProvider.Parameters> {

  /**
   * The parameters of {@code elu}.
   *
   * @param alpha the saturation value −alpha for z → −∞, > 0; default 1
   */
  public record Parameters(double alpha) {

    /** Validates {@code alpha}. */
    public Parameters {
      if (!(alpha > 0) || Double.isInfinite(alpha)) {
        throw new IllegalArgumentException("alpha must be a finite number > 0, was " + alpha);
      }
    }
  }

  @Override
  public String name() {
    return "elu";
  }

  @Override
  public String description() {
    return "f(z) = z if z > 0, else alpha·(e^z − 1); f'(z) = 1 if z > 0, else f(z) + alpha (Clevert et al., 2015, arXiv:1511.07289).";
  }

  @Override
  public Class<Parameters> parametersType() {
    return Parameters.class;
  }

  @Override
  public Parameters defaultParameters() {
    return new Parameters(1.0);
  }

  @Override
  public Activation create(Parameters parameters) {
    float alpha = (float) parameters.alpha();
    return new ElementwiseActivation() {
      @Override
      float apply(float z) {
        return z > 0f ? z : (float) (alpha * Math.expm1(z));
      }

      @Override
      float derivative(float z, float a) {
        return z > 0f ? 1f : a + alpha;
      }

      @Override
      public String initializer() {
        return "he_uniform";
      }
    };
  }
}
