package dev.nn4j.testkit;

import dev.nn4j.api.spi.Backend;

/**
 * A naive compute {@link Backend} for tests: plain loops summing in double, so a layer checked on
 * it is checked against the exact products rounded once. It honours the backend contract (every
 * product overwrites its output, reads only the first elements its shape needs, never writes its
 * operands, and gives the same bits for the same inputs). It is not registered with {@code
 * ServiceLoader}; {@link LayerContract} builds layers on it.
 *
 * <p>Thread-safety: stateless, safe for concurrent use.
 */
public final class ReferenceBackend implements Backend {

  /** Returns {@code "reference"}. */
  @Override
  public String name() {
    return "reference";
  }

  /** Returns -1: below every real backend. */
  @Override
  public int rank() {
    return -1;
  }

  @Override
  public void multiplyTransposedB(int m, int n, int k, float[] a, float[] b, float[] bias,
      float[] c) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = bias == null ? 0 : bias[j];
        for (int p = 0; p < k; p++) {
          sum += (double) a[i * k + p] * b[j * k + p];
        }
        c[i * n + j] = (float) sum;
      }
    }
  }

  @Override
  public void multiplyTransposedA(int m, int n, int k, float[] a, float[] b, float[] c) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        for (int p = 0; p < k; p++) {
          sum += (double) a[p * m + i] * b[p * n + j];
        }
        c[i * n + j] = (float) sum;
      }
    }
  }

  @Override
  public void multiply(int m, int n, int k, float[] a, float[] b, float[] c) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        for (int p = 0; p < k; p++) {
          sum += (double) a[i * k + p] * b[p * n + j];
        }
        c[i * n + j] = (float) sum;
      }
    }
  }

  @Override
  public void columnSums(int m, int n, float[] a, float[] out) {
    for (int j = 0; j < n; j++) {
      double sum = 0;
      for (int i = 0; i < m; i++) {
        sum += a[i * n + j];
      }
      out[j] = (float) sum;
    }
  }
}
