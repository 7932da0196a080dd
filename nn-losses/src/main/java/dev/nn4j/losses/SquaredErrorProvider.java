package dev.nn4j.losses;

import dev.nn4j.api.Matrix;

/**
 * {@code squared_error}: C = (1/n) Σ_samples ½ Σ_outputs (s − y)², the cost of the classic
 * backpropagation write-ups; ∂C/∂s = (s − y) / n.
 */
public final class SquaredErrorProvider extends ParameterlessLossProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public SquaredErrorProvider() {
    super("squared_error", "C = (1/n) Σ ½ Σ (s - y)^2; dC/ds = (s - y) / n");
  }

  @Override
  public double value(Matrix predictions, Matrix targets) {
    float[] s = predictions.data();
    float[] y = targets.data();
    double sum = 0;
    for (int i = 0; i < predictions.size(); i++) {
      double d = s[i] - y[i];
      sum += d * d;
    }
    return 0.5 * sum / predictions.rows();
  }

  @Override
  public void gradient(Matrix predictions, Matrix targets, Matrix gradient) {
    float[] s = predictions.data();
    float[] y = targets.data();
    float[] g = gradient.data();
    float scale = 1f / predictions.rows();
    for (int i = 0; i < predictions.size(); i++) {
      g[i] = (s[i] - y[i]) * scale;
    }
  }
}
