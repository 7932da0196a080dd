package dev.nn4j.activations;

/** {@code hard_sigmoid}: f(z) = min(1, max(0, z/6 + ½)); f'(z) = 1/6 for −3 &lt; z &lt; 3, else 0. */
public final class HardSigmoidProvider extends ParameterlessActivationProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public HardSigmoidProvider() {
    super("hard_sigmoid", "f(z) = min(1, max(0, z/6 + ½)); f'(z) = 1/6 for −3 < z < 3, else 0.");
  }

  @Override
  float apply(float z) {
    return Math.min(1f, Math.max(0f, z / 6f + 0.5f));
  }

  @Override
  float derivative(float z, float a) {
    return z > -3f && z < 3f ? 1f / 6f : 0f;
  }
}
