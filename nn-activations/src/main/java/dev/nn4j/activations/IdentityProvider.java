package dev.nn4j.activations;

/** {@code identity}: f(z) = z; f'(z) = 1. */
public final class IdentityProvider extends ParameterlessActivationProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public IdentityProvider() {
    super("identity", "f(z) = z; f'(z) = 1");
  }

  @Override
  float apply(float z) {
    return z;
  }

  @Override
  float derivative(float z, float a) {
    return 1f;
  }
}
