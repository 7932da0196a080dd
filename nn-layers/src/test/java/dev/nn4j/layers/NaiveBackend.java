package dev.nn4j.layers;

import dev.nn4j.api.spi.Backend;

/**
 * The products of the {@link Backend} contract as plain loops with double sums: a reference for
 * the layers' tests that needs no other module. Each product overwrites {@code c}.
 */
final class NaiveBackend implements Backend {

  @Override
  public String name() {
    return "naive";
  }

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
}
