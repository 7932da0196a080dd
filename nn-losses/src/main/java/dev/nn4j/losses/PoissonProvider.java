package dev.nn4j.losses;

/**
 * {@code poisson}: C = mean over all n·m elements of s − y·ln(s + 1e-7), the negative
 * log-likelihood of counts y under Poisson rates s ≥ 0 without its constant ln(y!); ∂C/∂s = (1 −
 * y/(s + 1e-7))/(n·m). Keras's {@code poisson} loss (ε = 1e-7), and PyTorch's {@code
 * PoissonNLLLoss(log_input=False, full=False)} with {@code eps=1e-7} (PyTorch's default ε is
 * 1e-8).
 */
public final class PoissonProvider extends ParameterlessLossProvider {

  private static final double EPSILON = 1e-7;

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public PoissonProvider() {
    super("poisson", "C = mean of s - y ln(s + 1e-7), rates s >= 0 (Keras poisson; PyTorch"
        + " PoissonNLLLoss(log_input=False) has eps 1e-8, not 1e-7)", false);
  }

  @Override
  double term(float s, float y) {
    return s - y * Math.log(s + EPSILON);
  }

  @Override
  float slope(float s, float y) {
    return (float) (1 - y / (s + EPSILON));
  }
}
