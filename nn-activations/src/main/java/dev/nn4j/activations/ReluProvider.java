package dev.nn4j.activations;

/** {@code relu}: f(z) = max(0, z); f'(z) = 1 if z > 0, else 0. */
public final class ReluProvider extends ParameterlessActivationProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public ReluProvider() {
    super("relu", "f(z) = max(0, z); f'(z) = 1 if z > 0, else 0");
  }

  @Override
  float apply(float z) {
    return Math.max(0f, z);
  }

  @Override
  float derivative(float z, float a) {
    return z > 0f ? 1f : 0f;
  }
}
