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

  /**
   * 1 if z &gt; 0, else 0, from a = max(0, z) without a branch, so the backward loop vectorises
   * (see BENCHMARKS.md, "Why the kernels look as they do"): a positive a, even the smallest
   * subnormal, scaled by 2²⁵⁴ reaches 1 or more.
   */
  @Override
  float derivative(float z, float a) {
    return Math.min(1f, a * 0x1p127f * 0x1p127f);
  }

  /** Returns {@code he_uniform}, the initializer for ReLU-like activations. */
  @Override
  public String initializer() {
    return "he_uniform";
  }
}
