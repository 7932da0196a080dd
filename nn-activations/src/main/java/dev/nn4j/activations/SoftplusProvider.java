package dev.nn4j.activations;

/** {@code softplus}: f(z) = ln(1 + e^z), computed as max(z, 0) + ln(1 + e^−|z|); f'(z) = 1 / (1 + e^−z). */
public final class SoftplusProvider extends ParameterlessActivationProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public SoftplusProvider() {
    super("softplus", "f(z) = ln(1 + e^z), computed as max(z, 0) + ln(1 + e^−|z|); f'(z) = 1 / (1 + e^−z).");
  }

  @Override
  float apply(float z) {
    return (float) (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))));
  }

  @Override
  float derivative(float z, float a) {
    return (float) (1 / (1 + Math.exp(-z)));
  }
}
