package dev.nn4j.activations;

import dev.nn4j.api.Link;
import java.util.Optional;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.NoParameters;
import dev.nn4j.api.spi.Activation;
import dev.nn4j.api.spi.ActivationProvider;
import dev.nn4j.api.spi.NoParametersProvider;

/**
 * {@code softmax}: per row, a_i = e^(z_i − max z) / Σ_j e^(z_j − max z) (subtracting the row's
 * maximum keeps it finite for any finite logits). Backward is the full vector-Jacobian product,
 * ∂C/∂z_i = a_i (g_i − Σ_j g_j a_j). With {@code categorical_cross_entropy} the trainer uses the
 * fused gradient (a − y)/n instead.
 */
public final class SoftmaxProvider
    implements ActivationProvider<NoParameters>, NoParametersProvider<Activation>, Activation {

  @Override
  public String name() {
    return "softmax";
  }

  @Override
  public String description() {
    return "a_i = e^z_i / sum_j e^z_j per row; backward a_i (g_i - sum_j g_j a_j)";
  }

  /** Returns {@code this}: the component is stateless, so sharing it is safe. */
  @Override
  public Activation create(NoParameters parameters) {
    return this;
  }

  @Override
  public void forward(Matrix z, Matrix a) {
    int cols = z.cols();
    float[] in = z.data();
    float[] out = a.data();
    for (int r = 0; r < z.rows(); r++) {
      int o = r * cols;
      float max = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < cols; c++) {
        max = Math.max(max, in[o + c]);
      }
      double sum = 0;
      for (int c = 0; c < cols; c++) {
        float e = (float) Math.exp(in[o + c] - max);
        out[o + c] = e;
        sum += e;
      }
      float inv = (float) (1 / sum);
      for (int c = 0; c < cols; c++) {
        out[o + c] *= inv;
      }
    }
  }

  @Override
  public void backward(Matrix z, Matrix a, Matrix gradA, Matrix gradZ) {
    int cols = z.cols();
    float[] as = a.data();
    float[] g = gradA.data();
    float[] out = gradZ.data();
    for (int r = 0; r < z.rows(); r++) {
      int o = r * cols;
      double dot = 0;
      for (int c = 0; c < cols; c++) {
        dot += g[o + c] * as[o + c];
      }
      float d = (float) dot;
      for (int c = 0; c < cols; c++) {
        out[o + c] = as[o + c] * (g[o + c] - d);
      }
    }
  }

  /** Returns {@link Link#SOFTMAX}, so a cross-entropy loss may fuse with it. */
  @Override
  public Optional<Link> link() {
    return Optional.of(Link.SOFTMAX);
  }
}
