package dev.nn4j.losses;

/**
 * {@code kl_divergence}: C = (1/n) Σ y·ln(y/s), with 0·ln 0 = 0 and s kept in [1e-7, 1 − 1e-7];
 * ∂C/∂s = −y/(s·n) (Kullback and Leibler, 1951).
 */
public final class KlDivergenceProvider extends ParameterlessLossProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public KlDivergenceProvider() {
    super("kl_divergence", "C = (1/n) sum y ln(y / s), per sample: PyTorch's KLDivLoss(ln s, y,"
        + " reduction='batchmean') and Keras kl_divergence (PyTorch's default 'mean' divides by"
        + " all elements)", true);
  }

  @Override
  double term(float s, float y) {
    return y > 0f ? y * Math.log(y / (double) Probabilities.clamp(s)) : 0;
  }

  @Override
  float slope(float s, float y) {
    return -y / Probabilities.clamp(s);
  }
}
