package dev.nn4j.core;

/**
 * A layer's training-time regularisation. L1 and L2 add λ₁·sign(w) and λ₂·w to the weights'
 * gradients (not the biases'), so the optimizer minimises C + λ₁Σ|w| + ½λ₂Σw². Dropout zeroes
 * each of the layer's outputs with probability p during training and scales the others by
 * 1/(1 − p) (inverted dropout), so inference needs no change and runs without it.
 *
 * @param l1 λ₁ ≥ 0
 * @param l2 λ₂ ≥ 0
 * @param dropout p in [0, 1)
 */
public record Regularization(double l1, double l2, double dropout) {

  /** No regularisation. */
  public static final Regularization NONE = new Regularization(0, 0, 0);

  /** Validates the values. */
  public Regularization {
    if (!(l1 >= 0) || !(l2 >= 0) || Double.isInfinite(l1) || Double.isInfinite(l2)) {
      throw new IllegalArgumentException("l1 and l2 must be finite numbers >= 0, were " + l1
          + " and " + l2);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), was " + dropout);
    }
  }
}
