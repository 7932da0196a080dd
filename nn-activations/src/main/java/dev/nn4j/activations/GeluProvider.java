package dev.nn4j.activations;

import dev.nn4j.api.Describe;
import dev.nn4j.api.spi.Activation;
import dev.nn4j.api.spi.ActivationProvider;
import java.util.List;

/**
 * {@code gelu}: f(z) = z·Φ(z) with Φ the standard normal distribution function, Φ(z) =
 * ½·erfc(−z/√2), and f'(z) = Φ(z) + z·φ(z) with φ the normal density (Hendrycks and Gimpel, 2016,
 * arXiv:1606.08415). With {@code approximate: tanh}, f(z) = ½z(1 + tanh(√(2/π)(z + 0.044715z³)))
 * and its exact derivative. The names and the default (the exact form) are PyTorch's {@code
 * GELU(approximate='none'|'tanh')} and Keras's {@code gelu(approximate=False|True)}.
 */
public final class GeluProvider implements ActivationProvider<GeluProvider.Parameters> {

  private static final double C = Math.sqrt(2 / Math.PI);
  private static final double K = 0.044715;
  private static final double INV_SQRT2 = 1 / Math.sqrt(2);
  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
  private static final List<String> APPROXIMATIONS = List.of("none", "tanh");

  /**
   * The parameters of {@code gelu}.
   *
   * @param approximate {@code none} for the exact z·Φ(z), {@code tanh} for the tanh
   *     approximation; default {@code none}
   */
  public record Parameters(
      @Describe("none: the exact z·Φ(z); tanh: the tanh approximation") String approximate) {

    /** Validates {@code approximate}. */
    public Parameters {
      if (!APPROXIMATIONS.contains(approximate)) {
        throw new IllegalArgumentException(
            "approximate must be 'none' or 'tanh', was " + (approximate == null ? "missing"
                : "'" + approximate + "'"));
      }
    }
  }

  @Override
  public String name() {
    return "gelu";
  }

  @Override
  public String description() {
    return "f(z) = z Φ(z), Φ(z) = erfc(-z/√2)/2 (approximate: none, the default, as PyTorch and"
        + " Keras); approximate: tanh gives ½z(1 + tanh(√(2/π)(z + 0.044715z³)))";
  }

  @Override
  public Class<Parameters> parametersType() {
    return Parameters.class;
  }

  @Override
  public Parameters defaultParameters() {
    return new Parameters("none");
  }

  @Override
  public Activation create(Parameters parameters) {
    return parameters.approximate().equals("tanh") ? new Tanh() : new Exact();
  }

  /** GELU is ReLU-like: He initialisation suits it. */
  private abstract static class Gelu extends ElementwiseActivation {
    @Override
    public String initializer() {
      return "he_uniform";
    }
  }

  /** z·Φ(z), computed in double precision. */
  private static final class Exact extends Gelu {
    @Override
    float apply(float z) {
      return (float) (z * 0.5 * Erf.erfc(-z * INV_SQRT2));
    }

    @Override
    float derivative(float z, float a) {
      double pdf = INV_SQRT_2PI * Math.exp(-0.5 * z * (double) z);
      return (float) (0.5 * Erf.erfc(-z * INV_SQRT2) + z * pdf);
    }
  }

  /** The tanh approximation. */
  private static final class Tanh extends Gelu {
    @Override
    float apply(float z) {
      double t = Math.tanh(C * (z + K * (double) z * z * z));
      return (float) (0.5 * z * (1 + t));
    }

    @Override
    float derivative(float z, float a) {
      double t = Math.tanh(C * (z + K * (double) z * z * z));
      return (float) (0.5 * (1 + t) + 0.5 * z * (1 - t * t) * C * (1 + 3 * K * (double) z * z));
    }
  }
}
