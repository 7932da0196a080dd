package dev.nn4j.losses;

/**
 * {@code log_cosh}: C = mean over all n·m elements of ln cosh(s − y), computed as |d| +
 * ln(1 + e^(−2|d|)) − ln 2 so that it stays finite for large |d|; ∂C/∂s = tanh(s − y)/(n·m).
 * Keras's {@code log_cosh} (PyTorch has no such loss).
 */
public final class LogCoshProvider extends ParameterlessLossProvider {

  private static final double LN2 = Math.log(2);

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public LogCoshProvider() {
    super("log_cosh", "C = mean of ln cosh(s - y); dC/ds = tanh(s - y) / (n m) (Keras log_cosh)",
        false);
  }

  @Override
  double term(float s, float y) {
    double d = Math.abs((double) s - y);
    return d + Math.log1p(Math.exp(-2 * d)) - LN2;
  }

  @Override
  float slope(float s, float y) {
    return (float) Math.tanh((double) s - y);
  }
}
