package dev.nn4j.losses;

import dev.nn4j.api.Link;

import dev.nn4j.api.Matrix;

/**
 * {@code binary_cross_entropy}: C = −(1/(n·m)) Σ [y·ln s + (1 − y)·ln(1 − s)], the mean over all
 * n·m elements of the batch as in PyTorch's {@code BCELoss} (reduction 'mean') and Keras's {@code
 * binary_crossentropy}, for independent probabilities s ∈ (0, 1) such as sigmoid outputs; ∂C/∂s =
 * (s − y) / (s(1 − s)·n·m). Predictions are clamped to [1e-7, 1 − 1e-7] so that 0 and 1 give finite
 * values (PyTorch instead clamps ln s at −100; Keras clamps s at 1e-7 like this).
 */
public final class BinaryCrossEntropyProvider extends ParameterlessLossProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public BinaryCrossEntropyProvider() {
    super("binary_cross_entropy",
        "C = -mean over all n m elements of [y ln s + (1 - y) ln(1 - s)], as PyTorch's BCELoss"
            + " and Keras; dC/ds = (s - y) / (s (1 - s) n m); s kept in [1e-7, 1 - 1e-7]", false);
  }

  @Override
  double term(float s, float y) {
    double p = Probabilities.clamp(s);
    return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
  }

  @Override
  float slope(float s, float y) {
    float p = Probabilities.clamp(s);
    return (p - y) / (p * (1f - p));
  }

  /** Fuses with {@code sigmoid}: the output layer's δ is then (s − y)/(n·m). */
  @Override
  public boolean fusesWith(Link link) {
    return link == Link.LOGISTIC;
  }

  @Override
  public void fusedGradient(Matrix predictions, Matrix targets, Matrix gradZ) {
    Probabilities.fusedGradient(predictions, targets, gradZ, predictions.size());
  }
}
