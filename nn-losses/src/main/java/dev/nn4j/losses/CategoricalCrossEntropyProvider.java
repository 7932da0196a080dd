package dev.nn4j.losses;

import dev.nn4j.api.Link;

import dev.nn4j.api.Matrix;

/**
 * {@code categorical_cross_entropy}: C = −(1/n) Σ y·ln s, for one-hot (or probability) targets
 * and predicted class probabilities such as softmax outputs; ∂C/∂s = −y / (s·n). Predictions are
 * clamped to at least 1e-7 so that 0 gives a finite value.
 */
public final class CategoricalCrossEntropyProvider extends ParameterlessLossProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public CategoricalCrossEntropyProvider() {
    super("categorical_cross_entropy", "C = -(1/n) Σ y ln s of probabilities s (Keras"
        + " categorical_crossentropy; PyTorch's CrossEntropyLoss takes logits instead: use softmax"
        + " before it); dC/ds = -y / (s n)", true);
  }

  @Override
  double term(float s, float y) {
    return y != 0f ? -y * Math.log(Probabilities.clamp(s)) : 0;
  }

  @Override
  float slope(float s, float y) {
    return -y / Probabilities.clamp(s);
  }

  /** Fuses with {@code softmax}: the output layer's δ is then (s − y)/n. */
  @Override
  public boolean fusesWith(Link link) {
    return link == Link.SOFTMAX;
  }

  @Override
  public void fusedGradient(Matrix predictions, Matrix targets, Matrix gradZ) {
    Probabilities.fusedGradient(predictions, targets, gradZ, predictions.rows());
  }
}
