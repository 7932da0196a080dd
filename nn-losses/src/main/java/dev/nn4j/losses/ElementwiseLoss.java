package dev.nn4j.losses;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.spi.Loss;

/**
 * A loss that sums one term per element and divides by the batch's rows (a per-sample cost, like
 * the seeds' ½Σ(s − y)²) or by its elements (a mean, like {@code mse}). Subclasses give the term
 * and its slope; the loops, the shape check and the normalisation are written once, here.
 *
 * <p>Thread-safety: stateless apart from immutable parameters; safe to share.
 */
abstract class ElementwiseLoss implements Loss {

  private final boolean perSample;

  /**
   * @param perSample divide by the rows (samples) if true, by all elements if false
   */
  ElementwiseLoss(boolean perSample) {
    this.perSample = perSample;
  }

  /** Returns one element's contribution to the sum, before normalisation. */
  abstract double term(float s, float y);

  /** Returns ∂term/∂s at one element. */
  abstract float slope(float s, float y);

  @Override
  public final double value(Matrix predictions, Matrix targets) {
    predictions.requireSameShape("predictions", "targets", targets);
    float[] s = predictions.data();
    float[] y = targets.data();
    double sum = 0;
    for (int i = 0; i < predictions.size(); i++) {
      sum += term(s[i], y[i]);
    }
    return sum / count(predictions);
  }

  @Override
  public final void gradient(Matrix predictions, Matrix targets, Matrix gradient) {
    predictions.requireSameShape("predictions", "targets", targets);
    float[] s = predictions.data();
    float[] y = targets.data();
    float[] g = gradient.data();
    float scale = 1f / count(predictions);
    for (int i = 0; i < predictions.size(); i++) {
      g[i] = slope(s[i], y[i]) * scale;
    }
  }

  private int count(Matrix predictions) {
    return perSample ? predictions.rows() : predictions.size();
  }
}
