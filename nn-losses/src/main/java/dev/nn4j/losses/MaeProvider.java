package dev.nn4j.losses;

/** {@code mae}: C = mean over all elements of |s − y|; ∂C/∂s = sign(s − y)/(n·m). */
public final class MaeProvider extends ParameterlessLossProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public MaeProvider() {
    super("mae", "C = mean of |s - y| (PyTorch L1Loss, Keras mean_absolute_error)", false);
  }

  @Override
  double term(float s, float y) {
    return Math.abs(s - y);
  }

  @Override
  float slope(float s, float y) {
    return Math.signum(s - y);
  }
}
