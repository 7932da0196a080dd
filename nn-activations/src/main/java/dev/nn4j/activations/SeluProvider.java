package dev.nn4j.activations;

/** {@code selu}: f(z) = λz if z > 0, else λα(e^z − 1), λ = 1.0507009873554805, α = 1.6732632423543772 (Klambauer et al., 2017, arXiv:1706.02515). */
public final class SeluProvider extends ParameterlessActivationProvider {

  private static final float LAMBDA = 1.0507009873554805f;
  private static final float LAMBDA_ALPHA = (float) (1.0507009873554805 * 1.6732632423543772);

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public SeluProvider() {
    super("selu", "f(z) = λz if z > 0, else λα(e^z − 1), λ = 1.0507009873554805, α = 1.6732632423543772 (Klambauer et al., 2017, arXiv:1706.02515).");
  }

  @Override
  float apply(float z) {
    return z > 0f ? LAMBDA * z : (float) (LAMBDA_ALPHA * Math.expm1(z));
  }

  @Override
  float derivative(float z, float a) {
    return z > 0f ? LAMBDA : a + LAMBDA_ALPHA;
  }

  /** Returns {@code lecun_normal}, which keeps SELU self-normalising. */
  @Override
  public String initializer() {
    return "lecun_normal";
  }
}
