package dev.nn4j.activations;

/** {@code tanh}: f(z) = tanh(z); f'(z) = 1 - f(z)^2. */
public final class TanhProvider extends ParameterlessActivationProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public TanhProvider() {
    super("tanh", "f(z) = tanh(z); f'(z) = 1 - f(z)^2");
  }

  @Override
  float apply(float z) {
    return (float) Math.tanh(z);
  }

  @Override
  float derivative(float z, float a) {
    return 1f - a * a;
  }
}
