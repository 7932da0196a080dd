package dev.nn4j.activations;

/** {@code softsign}: f(z) = z / (1 + |z|); f'(z) = 1 / (1 + |z|)². */
public final class SoftsignProvider extends ParameterlessActivationProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public SoftsignProvider() {
    super("softsign", "f(z) = z / (1 + |z|); f'(z) = 1 / (1 + |z|)².");
  }

  @Override
  float apply(float z) {
    return z / (1f + Math.abs(z));
  }

  @Override
  float derivative(float z, float a) {
    float d = 1f + Math.abs(z);
    return 1f / (d * d);
  }
}
