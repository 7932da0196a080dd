package dev.nn4j.losses;

/**
 * {@code squared_error}: C = (1/n) Σ_samples ½ Σ_outputs (s − y)², the cost of the classic
 * backpropagation write-ups; ∂C/∂s = (s − y) / n.
 */
public final class SquaredErrorProvider extends ParameterlessLossProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public SquaredErrorProvider() {
    super("squared_error", "C = (1/n) Σ ½ Σ (s - y)^2, per sample (neither PyTorch nor"
        + " Keras: their mse is the mean over all elements); dC/ds = (s - y) / n", true);
  }

  @Override
  double term(float s, float y) {
    double d = s - y;
    return 0.5 * d * d;
  }

  @Override
  float slope(float s, float y) {
    return s - y;
  }
}
