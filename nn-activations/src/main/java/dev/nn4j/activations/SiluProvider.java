package dev.nn4j.activations;

/** {@code silu}: f(z) = z·σ(z), also called swish; f'(z) = σ(z)(1 + z(1 − σ(z))) (Elfwing et al., 2017, arXiv:1702.03118). */
public final class SiluProvider extends ParameterlessActivationProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public SiluProvider() {
    super("silu", "f(z) = z·σ(z), also called swish; f'(z) = σ(z)(1 + z(1 − σ(z))) (Elfwing et al., 2017, arXiv:1702.03118).");
  }

  @Override
  float apply(float z) {
    return (float) (z / (1 + Math.exp(-z)));
  }

  @Override
  float derivative(float z, float a) {
    double s = 1 / (1 + Math.exp(-z));
    return (float) (s * (1 + z * (1 - s)));
  }

  /** Returns {@code he_uniform}, the initializer for ReLU-like activations. */
  @Override
  public String initializer() {
    return "he_uniform";
  }
}
