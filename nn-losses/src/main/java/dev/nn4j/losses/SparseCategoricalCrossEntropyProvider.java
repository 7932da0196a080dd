package dev.nn4j.losses;

import dev.nn4j.api.Link;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.NoParameters;
import dev.nn4j.api.ShapeException;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.api.spi.LossProvider;
import dev.nn4j.api.spi.NoParametersProvider;

/**
 * {@code sparse_categorical_cross_entropy}: C = −(1/n) Σ_r ln s[r, k_r], where the targets are one
 * column holding each sample's class index k_r ∈ {0, …, m − 1} (no one-hot), and the predictions
 * are class probabilities such as softmax outputs; ∂C/∂s[r, k_r] = −1/(s[r, k_r]·n), 0 elsewhere.
 * The same value as PyTorch's {@code NLLLoss} of ln s (reduction 'mean') and Keras's {@code
 * sparse_categorical_crossentropy}. Predictions are clamped to at least 1e-7 like {@code
 * categorical_cross_entropy}. Fuses with {@code softmax}: δ = (s − onehot(k))/n.
 *
 * <p>A target that is not a whole number in [0, m) is rejected with an {@link
 * IllegalArgumentException} naming the row and the value; targets that are not {@code n × 1} are
 * a {@link ShapeException}.
 */
public final class SparseCategoricalCrossEntropyProvider
    implements LossProvider<NoParameters>, NoParametersProvider<Loss>, Loss {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public SparseCategoricalCrossEntropyProvider() {}

  @Override
  public String name() {
    return "sparse_categorical_cross_entropy";
  }

  @Override
  public String description() {
    return "C = -(1/n) Σ ln s[k], targets one column of class indices k (PyTorch NLLLoss of"
        + " ln s, Keras sparse_categorical_crossentropy); fused with softmax: (s - onehot(k))/n";
  }

  /** Returns {@code this}: the component is stateless, so sharing it is safe. */
  @Override
  public Loss create(NoParameters parameters) {
    return this;
  }

  /** Returns 1: one class index per sample. */
  @Override
  public int targetColumns(int outputs) {
    return 1;
  }

  @Override
  public double value(Matrix predictions, Matrix targets) {
    int m = predictions.cols();
    float[] s = predictions.data();
    double sum = 0;
    for (int r = 0; r < predictions.rows(); r++) {
      sum -= Math.log(Probabilities.clamp(s[r * m + classOf(predictions, targets, r)]));
    }
    return sum / predictions.rows();
  }

  @Override
  public void gradient(Matrix predictions, Matrix targets, Matrix gradient) {
    write(predictions, targets, gradient, false);
  }

  /** Fuses with {@code softmax}: the output layer's δ is then (s − onehot(k))/n. */
  @Override
  public boolean fusesWith(Link link) {
    return link == Link.SOFTMAX;
  }

  @Override
  public void fusedGradient(Matrix predictions, Matrix targets, Matrix gradZ) {
    write(predictions, targets, gradZ, true);
  }

  /** Writes ∂C/∂s, or the fused ∂C/∂z = (s − onehot(k))/n. */
  private static void write(Matrix predictions, Matrix targets, Matrix out, boolean fused) {
    int m = predictions.cols();
    float[] s = predictions.data();
    float[] g = out.data();
    float inv = 1f / predictions.rows();
    for (int r = 0; r < predictions.rows(); r++) {
      int k = classOf(predictions, targets, r);
      for (int c = 0; c < m; c++) {
        float si = s[r * m + c];
        g[r * m + c] = fused ? (si - (c == k ? 1f : 0f)) * inv
            : c == k ? -1f / Probabilities.clamp(si) * inv : 0f;
      }
    }
  }

  /** Returns row r's class index, checked against the shape and the number of classes. */
  private static int classOf(Matrix predictions, Matrix targets, int r) {
    if (targets.rows() != predictions.rows() || targets.cols() != 1) {
      throw new ShapeException("sparse_categorical_cross_entropy takes targets of one column"
          + " (a class index per sample): predictions are " + predictions.shape()
          + ", so targets must be " + predictions.rows() + "×1 but are " + targets.shape());
    }
    float k = targets.data()[r];
    if (!(k >= 0 && k < predictions.cols()) || k != Math.rint(k)) {
      throw new IllegalArgumentException("sparse_categorical_cross_entropy: the target of row "
          + r + " is " + k + ", not a class index: it must be a whole number in [0, "
          + predictions.cols() + ")");
    }
    return (int) k;
  }
}
