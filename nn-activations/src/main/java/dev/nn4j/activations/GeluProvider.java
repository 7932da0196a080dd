package dev.nn4j.activations;

/** {@code gelu}: f(z) = ½z(1 + tanh(√(2/π)(z + 0.044715z³))), the tanh approximation of z·Φ(z) (Hendrycks and Gimpel, 2016, arXiv:1606.08415). */
public final class GeluProvider extends ParameterlessActivationProvider {

  private static final double C = Math.sqrt(2 / Math.PI);
  private static final double K = 0.044715;

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public GeluProvider() {
    super("gelu", "f(z) = ½z(1 + tanh(√(2/π)(z + 0.044715z³))), the tanh approximation of z·Φ(z) (Hendrycks and Gimpel, 2016, arXiv:1606.08415).");
  }

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

  /** Returns {@code he_uniform}, the initializer for ReLU-like activations. */
  @Override
  public String initializer() {
    return "he_uniform";
  }
}
