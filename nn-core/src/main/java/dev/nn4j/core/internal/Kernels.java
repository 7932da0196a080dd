package dev.nn4j.core.internal;

import dev.nn4j.api.Matrix;

/**
 * The dense-layer arithmetic of backpropagation, in plain Java. Weight arrays are row-major
 * (out × in): {@code w[j * in + k]} connects input k to unit j.
 *
 * <p>Every method writes its output completely and the output must not alias an input. The inner
 * loops run over contiguous memory with a loop-invariant scalar, the form C2 vectorises.
 *
 * <p>Thread-safety: stateless.
 */
public final class Kernels {

  private Kernels() {}

  /**
   * Forward pass of a dense layer: {@code Z = X·Wᵀ + b}.
   *
   * @param x inputs, n × in
   * @param w weights, out × in
   * @param b biases of length out, or null for none
   * @param z output, n × out
   */
  public static void forward(Matrix x, float[] w, float[] b, Matrix z) {
    int n = x.rows();
    int in = x.cols();
    int out = z.cols();
    float[] xs = x.data();
    float[] zs = z.data();
    for (int r = 0; r < n; r++) {
      int xr = r * in;
      int zr = r * out;
      for (int j = 0; j < out; j++) {
        int wj = j * in;
        float sum = 0f;
        for (int k = 0; k < in; k++) {
          sum += xs[xr + k] * w[wj + k];
        }
        zs[zr + j] = b == null ? sum : sum + b[j];
      }
    }
  }

  /**
   * Weight gradient of a dense layer: {@code G = δᵀ·A}, that is ∂C/∂w[j][k] = Σ_r δ[r][j]·a[r][k].
   *
   * @param delta ∂C/∂z, n × out
   * @param a the layer's inputs, n × in
   * @param g output, out × in
   */
  public static void weightGradient(Matrix delta, Matrix a, float[] g) {
    int n = delta.rows();
    int out = delta.cols();
    int in = a.cols();
    float[] ds = delta.data();
    float[] as = a.data();
    java.util.Arrays.fill(g, 0, out * in, 0f);
    for (int r = 0; r < n; r++) {
      int ar = r * in;
      for (int j = 0; j < out; j++) {
        float d = ds[r * out + j];
        int gj = j * in;
        for (int k = 0; k < in; k++) {
          g[gj + k] += d * as[ar + k];
        }
      }
    }
  }

  /**
   * Bias gradient of a dense layer: ∂C/∂b[j] = Σ_r δ[r][j].
   *
   * @param delta ∂C/∂z, n × out
   * @param g output of length out
   */
  public static void biasGradient(Matrix delta, float[] g) {
    int n = delta.rows();
    int out = delta.cols();
    float[] ds = delta.data();
    java.util.Arrays.fill(g, 0, out, 0f);
    for (int r = 0; r < n; r++) {
      int dr = r * out;
      for (int j = 0; j < out; j++) {
        g[j] += ds[dr + j];
      }
    }
  }

  /**
   * Gradient with respect to a dense layer's inputs: {@code ∂C/∂A = δ·W}.
   *
   * @param delta ∂C/∂z, n × out
   * @param w weights, out × in
   * @param gradA output, n × in
   */
  public static void inputGradient(Matrix delta, float[] w, Matrix gradA) {
    int n = delta.rows();
    int out = delta.cols();
    int in = gradA.cols();
    float[] ds = delta.data();
    float[] gs = gradA.data();
    java.util.Arrays.fill(gs, 0, n * in, 0f);
    for (int r = 0; r < n; r++) {
      int gr = r * in;
      for (int j = 0; j < out; j++) {
        float d = ds[r * out + j];
        int wj = j * in;
        for (int k = 0; k < in; k++) {
          gs[gr + k] += d * w[wj + k];
        }
      }
    }
  }
}
