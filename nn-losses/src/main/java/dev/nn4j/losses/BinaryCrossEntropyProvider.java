package dev.nn4j.losses;

import dev.nn4j.api.Matrix;

/**
 * {@code binary_cross_entropy}: C = −(1/n) Σ [y·ln s + (1 − y)·ln(1 − s)], for independent
 * probabilities s ∈ (0, 1) such as sigmoid outputs; ∂C/∂s = (s − y) / (s(1 − s)·n). Predictions
 * are clamped to [1e-7, 1 − 1e-7] so that 0 and 1 give finite values.
 */
public final class BinaryCrossEntropyProvider extends ParameterlessLossProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public BinaryCrossEntropyProvider() {
    super("binary_cross_entropy",
        "C = -(1/n) Σ [y ln s + (1 - y) ln(1 - s)]; dC/ds = (s - y) / (s (1 - s) n)");
  }

  @Override
  public double value(Matrix predictions, Matrix targets) {
    float[] s = predictions.data();
    float[] y = targets.data();
    double sum = 0;
    for (int i = 0; i < predictions.size(); i++) {
      double p = Probabilities.clamp(s[i]);
      sum += y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);
    }
    return -sum / predictions.rows();
  }

  @Override
  public void gradient(Matrix predictions, Matrix targets, Matrix gradient) {
    float[] s = predictions.data();
    float[] y = targets.data();
    float[] g = gradient.data();
    float n = predictions.rows();
    for (int i = 0; i < predictions.size(); i++) {
      float p = Probabilities.clamp(s[i]);
      g[i] = (p - y[i]) / (p * (1f - p) * n);
    }
  }

  /** Fuses with {@code sigmoid}: the output layer's δ is then (s − y)/n. */
  @Override
  public boolean fusesWith(String activation) {
    return "sigmoid".equals(activation);
  }

  @Override
  public void fusedGradient(Matrix predictions, Matrix targets, Matrix gradZ) {
    Probabilities.fusedGradient(predictions, targets, gradZ);
  }
}
