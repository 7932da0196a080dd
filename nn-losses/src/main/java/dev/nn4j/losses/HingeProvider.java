package dev.nn4j.losses;

import dev.nn4j.api.Matrix;

/** {@code hinge}: C = mean over all elements of max(0, 1 − t·s) with t = 2y − 1 (targets 0/1 become −1/+1); dC/ds = −t/(n·m) where 1 − t·s > 0, else 0. */
public final class HingeProvider extends ParameterlessLossProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public HingeProvider() {
    super("hinge", "C = mean over all elements of max(0, 1 − t·s) with t = 2y − 1 (targets 0/1 become −1/+1); dC/ds = −t/(n·m) where 1 − t·s > 0, else 0.");
  }

  @Override
  public double value(Matrix predictions, Matrix targets) {
    float[] s = predictions.data();
    float[] y = targets.data();
    double sum = 0;
    for (int i = 0; i < predictions.size(); i++) {
      float t = 2 * y[i] - 1;
      sum += Math.max(0f, 1 - t * s[i]);
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
      float t = 2 * y[i] - 1;
      g[i] = 1 - t * s[i] > 0 ? -t * scale : 0f;
    }
  }
}
