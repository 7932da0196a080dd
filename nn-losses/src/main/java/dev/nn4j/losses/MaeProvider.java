package dev.nn4j.losses;

import dev.nn4j.api.Matrix;

/** {@code mae}: C = mean over all elements of |s − y|; dC/ds = sign(s − y)/(n·m). */
public final class MaeProvider extends ParameterlessLossProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public MaeProvider() {
    super("mae", "C = mean over all elements of |s − y|; dC/ds = sign(s − y)/(n·m).");
  }

  @Override
  public double value(Matrix predictions, Matrix targets) {
    float[] s = predictions.data();
    float[] y = targets.data();
    double sum = 0;
    for (int i = 0; i < predictions.size(); i++) {
      sum += Math.abs(s[i] - y[i]);
    }
    return sum / predictions.size();
  }

  @Override
  public void gradient(Matrix predictions, Matrix targets, Matrix gradient) {
    float[] s = predictions.data();
    float[] y = targets.data();
    float[] g = gradient.data();
    float scale = 1f / predictions.size();
    for (int i = 0; i < predictions.size(); i++) {
      g[i] = Math.signum(s[i] - y[i]) * scale;
    }
  }
}
