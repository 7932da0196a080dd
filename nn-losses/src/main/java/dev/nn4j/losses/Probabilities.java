package dev.nn4j.losses;

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
}
