package dev.nn4j.losses;

import dev.nn4j.api.Matrix;

/** Keeps predicted probabilities away from 0 and 1, where logarithms and their slopes blow up. */
final class Probabilities {

  /** Smallest distance from 0 and 1 a prediction is taken to have. */
  static final float EPSILON = 1e-7f;

  private Probabilities() {}

  /**
   * Returns {@code p} clamped to [ε, 1 − ε].
   *
   * @param p a predicted probability
   */
  static float clamp(float p) {
    return Math.min(Math.max(p, EPSILON), 1f - EPSILON);
  }

  /**
   * The fused gradient ∂C/∂z = (s − y)/count of a cross-entropy through its matching output
   * activation (sigmoid for the binary one, softmax for the categorical one), which needs no
   * division by s and so stays exact at s = 0 and 1.
   *
   * @param count what the loss's sum is divided by: the rows for a per-sample cost, all elements
   *     for a mean
   */
  static void fusedGradient(Matrix predictions, Matrix targets, Matrix gradZ, int count) {
    predictions.requireSameShape("predictions", "targets", targets);
    float[] s = predictions.data();
    float[] y = targets.data();
    float[] g = gradZ.data();
    float inv = 1f / count;
    for (int i = 0; i < predictions.size(); i++) {
      g[i] = (s[i] - y[i]) * inv;
    }
  }
}
