package dev.nn4j.losses;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.NoParameters;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.api.spi.LossProvider;
import dev.nn4j.api.spi.NoParametersProvider;

/**
 * {@code cosine_similarity}: C = −(1/n) Σ_r (s_r · y_r)/(‖s_r‖ ‖y_r‖), the negated mean cosine
 * similarity of each sample's prediction and target rows, as Keras's {@code CosineSimilarity}
 * loss: each norm is √max(Σx², 1e-12), as Keras's {@code l2_normalize} and PyTorch's {@code
 * F.normalize(x, eps=1e-6)} compute it, so a zero row gives 0, not NaN. Its minimum is −1 (the
 * rows point the same way). ∂C/∂s_r = −(1/n)·(y_r/(‖s_r‖‖y_r‖) − (s_r·y_r) s_r/(‖s_r‖³‖y_r‖))
 * where Σs² &gt; 1e-12, else −(1/n)·y_r/(‖s_r‖‖y_r‖).
 */
public final class CosineSimilarityProvider
    implements LossProvider<NoParameters>, NoParametersProvider<Loss>, Loss {

  private static final double MIN_SQUARED_NORM = 1e-12;

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public CosineSimilarityProvider() {}

  @Override
  public String name() {
    return "cosine_similarity";
  }

  @Override
  public String description() {
    return "C = -(1/n) Σ cos(s_r, y_r), norms at least 1e-6 (Keras CosineSimilarity; PyTorch:"
        + " -mean of F.normalize(s) · F.normalize(y))";
  }

  /** Returns {@code this}: the component is stateless, so sharing it is safe. */
  @Override
  public Loss create(NoParameters parameters) {
    return this;
  }

  @Override
  public double value(Matrix predictions, Matrix targets) {
    predictions.requireSameShape("predictions", "targets", targets);
    int m = predictions.cols();
    float[] s = predictions.data();
    float[] y = targets.data();
    double sum = 0;
    for (int r = 0; r < predictions.rows(); r++) {
      double[] sums = products(s, y, r * m, (r + 1) * m);
      sum -= sums[2] / (norm(sums[0]) * norm(sums[1]));
    }
    return sum / predictions.rows();
  }

  @Override
  public void gradient(Matrix predictions, Matrix targets, Matrix gradient) {
    predictions.requireSameShape("predictions", "targets", targets);
    int m = predictions.cols();
    float[] s = predictions.data();
    float[] y = targets.data();
    float[] g = gradient.data();
    double inv = 1.0 / predictions.rows();
    for (int r = 0; r < predictions.rows(); r++) {
      double[] sums = products(s, y, r * m, (r + 1) * m);
      double a = norm(sums[0]);
      double b = norm(sums[1]);
      double along = sums[0] > MIN_SQUARED_NORM ? sums[2] / (a * a * a * b) : 0;
      for (int i = r * m; i < (r + 1) * m; i++) {
        g[i] = (float) (-inv * (y[i] / (a * b) - along * s[i]));
      }
    }
  }

  /** Returns Σs², Σy² and Σs·y over [from, to), in double. */
  private static double[] products(float[] s, float[] y, int from, int to) {
    double ss = 0;
    double yy = 0;
    double sy = 0;
    for (int i = from; i < to; i++) {
      ss += (double) s[i] * s[i];
      yy += (double) y[i] * y[i];
      sy += (double) s[i] * y[i];
    }
    return new double[] {ss, yy, sy};
  }

  private static double norm(double squares) {
    return Math.sqrt(Math.max(squares, MIN_SQUARED_NORM));
  }
}
