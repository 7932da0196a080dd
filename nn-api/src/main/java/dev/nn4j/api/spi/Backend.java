package dev.nn4j.api.spi;

/**
 * A compute backend: the matrix products backpropagation needs, on row-major {@code float[]}
 * arrays. nn4j discovers backends with {@code ServiceLoader} (list implementations in {@code
 * META-INF/services/dev.nn4j.api.spi.Backend}) and uses the available one of highest {@link
 * #rank()}, unless a name is forced (YAML {@code network.backend}, the system property {@code
 * nn4j.backend}, or {@code Network.Builder.backend}).
 *
 * <p>Contract: every product overwrites {@code c} (never accumulates), reads only the first
 * elements its shape needs, never writes {@code a} or {@code b}, and requires {@code c} not to
 * alias them. Results may differ from a naive loop in the last bits (fused multiply-adds, other
 * summation orders) but each backend is deterministic: the same inputs give the same bits.
 * Thread-safety: a backend may be used from several threads at once.
 *
 * <p>Threads: a backend that runs work on threads of its own starts them itself (the built-in
 * ones through {@link Workers}); a host that wants them under its control makes its own instance
 * with {@link #withThreads}, gives it to the networks it builds, and {@link #close() closes} it
 * when done. The system properties {@code nn4j.threads} and {@code nn4j.backend} only set the
 * defaults of the instance nn4j shares between the networks that were not given one.
 */
public interface Backend extends AutoCloseable {

  /** Returns the name users force it by, lower case. */
  String name();

  /** Returns the preference among available backends; higher wins. The pure-Java one is 0. */
  int rank();

  /**
   * Whether the backend can run in this JVM (its JVM module or native library is present). An
   * unavailable backend steps aside silently unless forced by name.
   */
  default boolean isAvailable() {
    return true;
  }

  /** Says how to make an unavailable backend available; empty when it is available. */
  default String unavailableReason() {
    return "";
  }

  /**
   * c = a·bᵀ, plus {@code bias[j]} on column j when bias is not null: the forward pass Z = X·Wᵀ + b.
   *
   * @param m rows of a and c
   * @param n rows of b, columns of c
   * @param k columns of a and b
   * @param a m × k
   * @param b n × k
   * @param bias n values, or null
   * @param c m × n, overwritten
   */
  void multiplyTransposedB(int m, int n, int k, float[] a, float[] b, float[] bias, float[] c);

  /**
   * c = a·b, plus {@code bias[j]} on column j when bias is not null, for one row a: one sample's
   * forward pass z = x·W + b over weights kept transposed (b = Wᵀ, inputs × units), the layout a
   * {@code Predictor} copies the weights into, so that the products run along the rows of b.
   *
   * <p>Contract: besides the class contract, c[j] has the bits that each row of {@link
   * #multiplyTransposedB} gives for the same row of a, with {@code b} transposed, in a batch
   * large enough for the backend's batch kernel; the built-in backends document how they meet
   * this (the vector backend exactly, the java backend for finite values up to the sign of a
   * zero). The default adds {@code a[p]·b[p][j]} to the bias (or zero) for p in order, each
   * product rounded, which may differ from another backend's batch product in the last bits.
   *
   * @param n columns of b and c
   * @param k columns of a, rows of b
   * @param a k values
   * @param b k × n
   * @param bias n values, or null
   * @param c n values, overwritten
   */
  default void multiplyRow(int n, int k, float[] a, float[] b, float[] bias, float[] c) {
    for (int j = 0; j < n; j++) {
      c[j] = bias == null ? 0f : bias[j];
    }
    for (int p = 0; p < k; p++) {
      float ap = a[p];
      int row = p * n;
      for (int j = 0; j < n; j++) {
        c[j] += ap * b[row + j];
      }
    }
  }

  /**
   * c = aᵀ·b: the weight gradient ∂C/∂W = δᵀ·A.
   *
   * @param m columns of a, rows of c
   * @param n columns of b and c
   * @param k rows of a and b
   * @param a k × m
   * @param b k × n
   * @param c m × n, overwritten
   */
  void multiplyTransposedA(int m, int n, int k, float[] a, float[] b, float[] c);

  /**
   * c = a·b: the input gradient ∂C/∂A = δ·W.
   *
   * @param m rows of a and c
   * @param n columns of b and c
   * @param k columns of a, rows of b
   * @param a m × k
   * @param b k × n
   * @param c m × n, overwritten
   */
  void multiply(int m, int n, int k, float[] a, float[] b, float[] c);

  /**
   * Returns a new instance of this backend that runs its work on at most {@code threads}
   * threads, the caller's included, its own made by {@code factory} (the built-in backends name
   * them {@code nn4j-<backend>-<i>} and make them daemons). Close it when done. A backend that
   * starts no threads returns itself, as the default does.
   *
   * @param threads the most threads one product or loop may use, at least 1
   * @param factory makes the backend's own threads
   * @return the backend
   * @throws IllegalArgumentException if threads is below 1
   */
  default Backend withThreads(int threads, java.util.concurrent.ThreadFactory factory) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    return this;
  }

  /**
   * Ends the threads this instance started, waiting for them; it stays usable, on its callers'
   * threads alone. Close only an instance you made: the one nn4j chooses by default is shared by
   * every network not given a backend. The default does nothing, for a backend with no threads.
   */
  @Override
  default void close() {}

  /**
   * Returns the loop that runs element-wise work (the optimizer's update, the trainer's gradient
   * check and batch gather) on this backend's threads; by default {@link ParallelLoop#SERIAL}, the
   * caller alone.
   */
  default ParallelLoop parallelLoop() {
    return ParallelLoop.SERIAL;
  }

  /**
   * out[j] = Σ_i a[i][j]: the bias gradient, the column sums of δ.
   *
   * @param m rows of a
   * @param n columns of a
   * @param a m × n
   * @param out n values, overwritten
   */
  default void columnSums(int m, int n, float[] a, float[] out) {
    for (int j = 0; j < n; j++) {
      out[j] = 0f;
    }
    for (int i = 0; i < m; i++) {
      int row = i * n;
      for (int j = 0; j < n; j++) {
        out[j] += a[row + j];
      }
    }
  }
}
