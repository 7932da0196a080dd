package dev.nn4j.backend.vector;

import dev.nn4j.api.spi.Backend;

/**
 * {@code vector}: the products on the Java Vector API. Rank 100, so it is chosen whenever the JVM
 * has the {@code jdk.incubator.vector} module. This class touches no Vector API type itself, so
 * discovering it is safe in any JVM; the kernels load on first use.
 *
 * <p>Thread-safety: safe for concurrent use; each thread packs b into its own panel buffer,
 * reused once grown, so steady-state use allocates nothing.
 */
public final class VectorBackend implements Backend {

  private static final String MODULE = "jdk.incubator.vector";

  private final ThreadLocal<float[][]> workspace = ThreadLocal.withInitial(() -> new float[1][0]);

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public int rank() {
    return 100;
  }

  @Override
  public boolean isAvailable() {
    return ModuleLayer.boot().findModule(MODULE).isPresent();
  }

  @Override
  public String unavailableReason() {
    return isAvailable() ? "" : "start the JVM with --add-modules " + MODULE
        + " to use the Vector API backend";
  }

  @Override
  public void multiplyTransposedB(int m, int n, int k, float[] a, float[] b, float[] bias,
      float[] c) {
    if (m < VectorKernels.ROWS) {
      VectorKernels.dots(m, n, k, a, b, bias, c);
      return;
    }
    VectorKernels.gemm(m, n, k, a, k, 1, b, 1, k, bias, c, panel(k));
  }

  @Override
  public void multiplyTransposedA(int m, int n, int k, float[] a, float[] b, float[] c) {
    VectorKernels.gemm(m, n, k, a, 1, m, b, n, 1, null, c, panel(k));
  }

  @Override
  public void multiply(int m, int n, int k, float[] a, float[] b, float[] c) {
    VectorKernels.gemm(m, n, k, a, k, 1, b, n, 1, null, c, panel(k));
  }

  /** This thread's panel buffer, grown to hold k rows. */
  private float[] panel(int k) {
    float[][] holder = workspace.get();
    int size = VectorKernels.panelSize(k);
    if (holder[0].length < size) {
      holder[0] = new float[size];
    }
    return holder[0];
  }
}
