package dev.nn4j.losses;

import dev.nn4j.api.Matrix;

/** {@code kl_divergence}: C = (1/n) Σ y·ln(y/s), with 0·ln 0 = 0 and s kept in [1e-7, 1 − 1e-7]; dC/ds = −y/(s·n) (Kullback and Leibler, 1951). */
public final class KlDivergenceProvider extends ParameterlessLossProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public KlDivergenceProvider() {
    super("kl_divergence", "C = (1/n) Σ y·ln(y/s), with 0·ln 0 = 0 and s kept in [1e-7, 1 − 1e-7]; dC/ds = −y/(s·n) (Kullback and Leibler, 1951).");
  }

  @Override
  public double value(Matrix predictions, Matrix targets) {
    float[] s = predictions.data();
    float[] y = targets.data();
    double sum = 0;
    for (int i = 0; i < predictions.size(); i++) {
      if (y[i] > 0f) {
        sum += y[i] * Math.log(y[i] / (double) Probabilities.clamp(s[i]));
      }
    }
    return sum / predictions.rows();
  }

  @Override
  public void gradient(Matrix predictions, Matrix targets, Matrix gradient) {
    float[] s = predictions.data();
    float[] y = targets.data();
    float[] g = gradient.data();
    float scale = 1f / predictions.rows();
    for (int i = 0; i < predictions.size(); i++) {
      g[i] = -y[i] / Probabilities.clamp(s[i]) * scale;
    }
  }
}
