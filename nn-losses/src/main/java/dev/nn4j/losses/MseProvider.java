package dev.nn4j.losses;

/**
 * {@code mse}: C = (1/(n·m)) Σ (s − y)², the mean over all n·m elements of the batch; ∂C/∂s =
 * 2(s − y) / (n·m).
 */
public final class MseProvider extends ParameterlessLossProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public MseProvider() {
    super("mse", "C = mean over all elements of (s - y)^2 (PyTorch MSELoss, Keras"
        + " mean_squared_error); dC/ds = 2(s - y) / (n m)", false);
  }

  @Override
  double term(float s, float y) {
    double d = s - y;
    return d * d;
  }

  @Override
  float slope(float s, float y) {
    return 2 * (s - y);
  }
}
