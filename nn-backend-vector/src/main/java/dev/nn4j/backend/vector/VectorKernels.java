package dev.nn4j.backend.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked micro-kernel: six rows of c by two vectors of columns live in twelve
 * vector registers while p runs over k, so each step loads two vectors of b and broadcasts six
 * values of a for twelve fused multiply-adds. Each kernel is one method on purpose: vectors passed
 * to a helper that is not inlined get boxed, which costs an order of magnitude.
 */
final class VectorKernels {

  /** Rows of c per block. */
  static final int ROWS = 4;

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private VectorKernels() {}

  /**
   * c = A·B (+ bias) with A(i, p) = a[i·rs + p·cs] (m × k), B(p, j) = b[p·bp + j·bj] (k × n), c
   * m × n overwritten. B is copied panel by panel (2 vectors of columns, all k rows) into {@code
   * panel} so the kernel streams it contiguously.
   */
  static void gemm(int m, int n, int k, float[] a, int rs, int cs, float[] b, int bp, int bj,
      float[] bias, float[] c, float[] panel) {
    gemm(m, n, k, a, rs, cs, b, bp, bj, bias, c, panel, 0, 1);
  }

  /**
   * Part {@code part} of {@code parts} of {@link #gemm(int, int, int, float[], int, int, float[],
   * int, int, float[], float[], float[])}: the columns of c are split by whole panels, the last
   * part also taking the columns after the last whole panel. Every element of c is computed in
   * the same order whatever the split, so the result does not depend on the number of parts.
   */
  static void gemm(int m, int n, int k, float[] a, int rs, int cs, float[] b, int bp, int bj,
      float[] bias, float[] c, float[] panel, int part, int parts) {
    int lanes = S.length();
    int width = 2 * lanes;
    int panels = n / width;
    int j = panels * part / parts * width;
    int jEnd = panels * (part + 1) / parts * width;
    for (; j < jEnd; j += width) {
      for (int p = 0; p < k; p++) {
        int from = p * bp + j * bj;
        for (int jj = 0; jj < width; jj++) {
          panel[p * width + jj] = b[from + jj * bj];
        }
      }
      FloatVector bias0 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, j);
      FloatVector bias1 = bias == null ? FloatVector.zero(S)
          : FloatVector.fromArray(S, bias, j + lanes);
      int i = 0;
      for (; i + 6 <= m; i += 6) {
        FloatVector c00 = bias0;
        FloatVector c01 = bias1;
        FloatVector c10 = bias0;
        FloatVector c11 = bias1;
        FloatVector c20 = bias0;
        FloatVector c21 = bias1;
        FloatVector c30 = bias0;
        FloatVector c31 = bias1;
        FloatVector c40 = bias0;
        FloatVector c41 = bias1;
        FloatVector c50 = bias0;
        FloatVector c51 = bias1;
        for (int p = 0; p < k; p++) {
          int ap = i * rs + p * cs;
          FloatVector b0 = FloatVector.fromArray(S, panel, p * width);
          FloatVector b1 = FloatVector.fromArray(S, panel, p * width + lanes);
          FloatVector a0 = FloatVector.broadcast(S, a[ap]);
          c00 = a0.fma(b0, c00);
          c01 = a0.fma(b1, c01);
          FloatVector a1 = FloatVector.broadcast(S, a[ap + rs]);
          c10 = a1.fma(b0, c10);
          c11 = a1.fma(b1, c11);
          FloatVector a2 = FloatVector.broadcast(S, a[ap + 2 * rs]);
          c20 = a2.fma(b0, c20);
          c21 = a2.fma(b1, c21);
          FloatVector a3 = FloatVector.broadcast(S, a[ap + 3 * rs]);
          c30 = a3.fma(b0, c30);
          c31 = a3.fma(b1, c31);
          FloatVector a4 = FloatVector.broadcast(S, a[ap + 4 * rs]);
          c40 = a4.fma(b0, c40);
          c41 = a4.fma(b1, c41);
          FloatVector a5 = FloatVector.broadcast(S, a[ap + 5 * rs]);
          c50 = a5.fma(b0, c50);
          c51 = a5.fma(b1, c51);
        }
        c00.intoArray(c, i * n + j);
        c01.intoArray(c, i * n + j + lanes);
        c10.intoArray(c, (i + 1) * n + j);
        c11.intoArray(c, (i + 1) * n + j + lanes);
        c20.intoArray(c, (i + 2) * n + j);
        c21.intoArray(c, (i + 2) * n + j + lanes);
        c30.intoArray(c, (i + 3) * n + j);
        c31.intoArray(c, (i + 3) * n + j + lanes);
        c40.intoArray(c, (i + 4) * n + j);
        c41.intoArray(c, (i + 4) * n + j + lanes);
        c50.intoArray(c, (i + 5) * n + j);
        c51.intoArray(c, (i + 5) * n + j + lanes);
      }
      for (; i < m; i++) {
        FloatVector c0 = bias0;
        FloatVector c1 = bias1;
        for (int p = 0; p < k; p++) {
          FloatVector av = FloatVector.broadcast(S, a[i * rs + p * cs]);
          c0 = av.fma(FloatVector.fromArray(S, panel, p * width), c0);
          c1 = av.fma(FloatVector.fromArray(S, panel, p * width + lanes), c1);
        }
        c0.intoArray(c, i * n + j);
        c1.intoArray(c, i * n + j + lanes);
      }
    }
    if (part != parts - 1) {
      return;
    }
    // the last columns, fewer than two vectors: one zero-padded vector at a time, written out
    // through a scratch row at the panel's end, so no masked (and, on JDK 17, boxed) operations
    int scratch = k * lanes;
    for (; j < n; j += lanes) {
      int cols = Math.min(lanes, n - j);
      for (int p = 0; p < k; p++) {
        for (int jj = 0; jj < lanes; jj++) {
          panel[p * lanes + jj] = jj < cols ? b[p * bp + (j + jj) * bj] : 0f;
        }
      }
      for (int i = 0; i < m; i++) {
        FloatVector acc = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
          acc = FloatVector.broadcast(S, a[i * rs + p * cs])
              .fma(FloatVector.fromArray(S, panel, p * lanes), acc);
        }
        acc.intoArray(panel, scratch);
        for (int jj = 0; jj < cols; jj++) {
          c[i * n + j + jj] = bias == null ? panel[scratch + jj]
              : panel[scratch + jj] + bias[j + jj];
        }
      }
    }
  }

  /** Returns how many whole panels of columns a product with n columns has. */
  static int panels(int n) {
    return n / (2 * S.length());
  }

  /** Returns the panel length {@link #gemm} needs for k rows (two vectors wide, plus one). */
  static int panelSize(int k) {
    return (k * 2 + 1) * S.length();
  }

  /** c = a·bᵀ (+ bias) by vector dot products, for a few rows of a (single-sample inference). */
  static void dots(int m, int n, int k, float[] a, float[] b, float[] bias, float[] c) {
    int lanes = S.length();
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        FloatVector acc = FloatVector.zero(S);
        int p = 0;
        for (; p + lanes <= k; p += lanes) {
          acc = FloatVector.fromArray(S, a, i * k + p)
              .fma(FloatVector.fromArray(S, b, j * k + p), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) {
          sum += a[i * k + p] * b[j * k + p];
        }
        c[i * n + j] = bias == null ? sum : sum + bias[j];
      }
    }
  }
}
