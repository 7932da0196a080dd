package dev.nn4j.losses;

import dev.nn4j.api.Matrix;

/**
 * {@code mse}: C = (1/(n·m)) Σ (s − y)², the mean over all n·m elements of the batch; ∂C/∂s =
 * 2(s − y) / (n·m).
 */
public final class MseProvider extends ParameterlessLossProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public MseProvider() {
    super("mse", "C = mean over all elements of (s - y)^2; dC/ds = 2(s - y) / (n m)");
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
    return sum / predictions.size();
  }

  @Override
  public void gradient(Matrix predictions, Matrix targets, Matrix gradient) {
    float[] s = predictions.data();
    float[] y = targets.data();
    float[] g = gradient.data();
    float scale = 2f / predictions.size();
    for (int i = 0; i < predictions.size(); i++) {
      g[i] = (s[i] - y[i]) * scale;
    }
  }
}
