package dev.nn4j.core.backend;

import dev.nn4j.api.spi.Backend;
import dev.nn4j.api.spi.ParallelLoop;
import dev.nn4j.api.spi.Workers;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code java}: the matrix products in plain Java, laid out for C2's auto-vectoriser. C2 only
 * vectorises a loop whose arrays are all indexed by the same index, so b is first packed into a
 * per-thread array of rows (transposed for a·bᵀ), 128 of them at a time so that they stay in the
 * core's L2 while all of c passes over them, and four rows of c accumulate at once in four
 * per-thread row buffers, two rows of b at a time: {@code c0[j] = c0[j] + a0·b[j] + e0·d[j]; c1[j]
 * = ...}, so each load and store of c carries two multiply-adds (the store port, not the
 * arithmetic, bounds this loop, so one row of b at a time is slower). The additions keep the order
 * of one row at a time, and C2 vectorises this form; on JDK 17, grouping them ({@code a0·b[j] +
 * e0·d[j]} first) or taking three or four rows of b at a time left C2's loop scalar. The inner loop
 * is a method of its own, {@code twoRows} (C2 inlines it): written out inside {@code product}'s
 * loops, it was slower in a JVM that used all three product forms. Each entry into it costs C2's
 * scalar pre-loop and remainder, so longer rows run faster (see BENCHMARKS.md, "Why the kernels
 * look as they do" for the figures). Four rows of a that are all zero in a column (common after
 * relu) skip that column's row of b, as one row at a time did: the same bits, even where b holds an
 * infinity. Rank 0: any other available backend is preferred.
 *
 * <p>Products of at least {@value Workers#PARALLEL_PRODUCT_FROM} multiply-adds whose c has at least
 * two blocks of four rows are split over this backend's threads (by default {@code nn4j.threads},
 * else the available processors, fewer while they do not pay) by ranges of rows of c, one range per thread, whole blocks of four
 * rows each: every thread packs b into its own workspace and computes its rows, every element in
 * the same order as on one thread, so the split never changes a result bit. (Ranges of columns,
 * where each thread packs only its columns of b, were slower at 2 threads: narrower rows pay the
 * inner loop's set-up more often; see BENCHMARKS.md, "Why the kernels look as they do".) A
 * thread that has not joined by the time the others have run out of ranges is not waited for: its
 * range is taken by another. The same threads run the element-wise loops of {@link
 * #parallelLoop()}.
 *
 * <p>Thread-safety: safe for concurrent use; each thread has its own workspace, which grows to
 * the largest panel it has packed and is then reused, so steady-state use allocates nothing. One
 * product at a time uses the worker threads; a concurrent one runs on its caller alone.
 */
public final class JavaBackend implements Backend {

  /** Below this many rows of a, a·bᵀ is computed by dot products without packing b. */
  private static final int PACK_FROM_ROWS = 4;

  /**
   * Rows of B copied per panel (even, so the pairs of rows stay as they were): 128 KiB when n =
   * 256, which stays in a core's L2 while every block of rows of c reads it, where the whole of b
   * (784 KiB) came from L3; each further panel reloads c's rows, 4 / PANEL_ROWS more stores.
   */
  private static final int PANEL_ROWS = 128;

  private final ThreadLocal<Workspace> workspace = ThreadLocal.withInitial(Workspace::new);
  private final Workers workers;
  private final ProductJob job = new ProductJob();

  /**
   * Uses {@link Workers#configured(String)}: as many threads as the system property {@code
   * nn4j.threads} says, or by default the available processors, fewer while they do not pay.
   *
   * @throws dev.nn4j.api.NnException if that property is not a whole number of at least 1
   */
  public JavaBackend() {
    this(Workers.configured("java"));
  }

  /**
   * Splits large products over {@code threads} threads (the caller included), always that many
   * (they do not adapt).
   *
   * @param threads at least 1
   * @throws IllegalArgumentException if threads is below 1
   */
  public JavaBackend(int threads) {
    this(new Workers("java", threads));
  }

  /**
   * Splits large products over {@code threads} threads (the caller included), the others made
   * by {@code factory} and named {@code nn4j-java-<i>}; {@link #close()} ends them.
   *
   * @param threads at least 1
   * @param factory makes the worker threads
   * @throws IllegalArgumentException if threads is below 1
   */
  public JavaBackend(int threads, java.util.concurrent.ThreadFactory factory) {
    this(new Workers("java", threads, factory));
  }

  @Override
  public JavaBackend withThreads(int threads, java.util.concurrent.ThreadFactory factory) {
    return new JavaBackend(threads, factory);
  }

  /** Ends the worker threads (see {@link Workers#close()}); the backend stays usable. */
  @Override
  public void close() {
    workers.close();
  }

  /** For tests: the worker threads come from {@code workers}. */
  JavaBackend(Workers workers) {
    this.workers = workers;
  }

  @Override
  public String name() {
    return "java";
  }

  @Override
  public int rank() {
    return 0;
  }

  @Override
  public void multiplyTransposedB(int m, int n, int k, float[] a, float[] b, float[] bias,
      float[] c) {
    if (m < PACK_FROM_ROWS) {
      dots(m, n, k, a, b, bias, c);
      return;
    }
    gemm(m, n, k, a, k, 1, b, true, bias, c);
  }

  /**
   * c = a·bᵀ (+ bias) by dot products, four columns at a time: four independent chains of additions
   * sharing each value of a, where one chain waited on its own latency (see BENCHMARKS.md, "Why the
   * kernels look as they do"); each column's sum is the same chain as alone, so the same bits.
   */
  private static void dots(int m, int n, int k, float[] a, float[] b, float[] bias, float[] c) {
    for (int i = 0; i < m; i++) {
      int ai = i * k;
      int j = 0;
      for (; j + 4 <= n; j += 4) {
        int b0 = j * k;
        int b1 = b0 + k;
        int b2 = b1 + k;
        int b3 = b2 + k;
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        for (int p = 0; p < k; p++) {
          float av = a[ai + p];
          s0 += av * b[b0 + p];
          s1 += av * b[b1 + p];
          s2 += av * b[b2 + p];
          s3 += av * b[b3 + p];
        }
        int ci = i * n + j;
        c[ci] = bias == null ? s0 : s0 + bias[j];
        c[ci + 1] = bias == null ? s1 : s1 + bias[j + 1];
        c[ci + 2] = bias == null ? s2 : s2 + bias[j + 2];
        c[ci + 3] = bias == null ? s3 : s3 + bias[j + 3];
      }
      for (; j < n; j++) {
        float sum = 0f;
        for (int p = 0; p < k; p++) {
          sum += a[ai + p] * b[j * k + p];
        }
        c[i * n + j] = bias == null ? sum : sum + bias[j];
      }
    }
  }

  /**
   * c = a·b (+ bias) for one row, b k × n, by rows of b: the bias (or zero) plus a[p]·b[p][j] for
   * p in order, product and sum each rounded, skipping the p where a[p] is zero, as the batch
   * product does for a block of rows that are all zero there. So c has the bits of a batch row for
   * finite values, up to the sign of a zero sum (where a row of the batch shares its block with
   * rows that are not zero at p, it adds 0·b[p][j], which turns a −0 sum into +0; and 0·∞ is NaN).
   */
  @Override
  public void multiplyRow(int n, int k, float[] a, float[] b, float[] bias, float[] c) {
    if (bias == null) {
      Arrays.fill(c, 0, n, 0f);
    } else {
      System.arraycopy(bias, 0, c, 0, n);
    }
    for (int p = 0; p < k; p++) {
      float ap = a[p];
      if (ap != 0f) {
        addRow(n, ap, b, p * n, c);
      }
    }
  }

  /** c[j] += ap·b[from + j]: one row of {@link #multiplyRow}, a loop C2 vectorises. */
  private static void addRow(int n, float ap, float[] b, int from, float[] c) {
    for (int j = 0; j < n; j++) {
      c[j] += ap * b[from + j];
    }
  }

  @Override
  public ParallelLoop parallelLoop() {
    return workers;
  }

  @Override
  public void multiplyTransposedA(int m, int n, int k, float[] a, float[] b, float[] c) {
    gemm(m, n, k, a, 1, m, b, false, null, c);
  }

  @Override
  public void multiply(int m, int n, int k, float[] a, float[] b, float[] c) {
    gemm(m, n, k, a, k, 1, b, false, null, c);
  }

  /**
   * c = A·B (+ bias), where A(i, p) = a[i·rowStride + p·colStride] and B is b (k × n), or bᵀ when
   * {@code transposed} (b n × k): on the workers by ranges of rows when the product is large
   * enough, else on the caller.
   */
  private void gemm(int m, int n, int k, float[] a, int rowStride, int colStride, float[] b,
      boolean transposed, float[] bias, float[] c) {
    int pieces = Math.min(workers.threads(), blocks(m));
    if (pieces > 1 && (long) m * n * k >= Workers.PARALLEL_PRODUCT_FROM && workers.tryAcquire()) {
      try {
        job.set(m, n, k, a, rowStride, colStride, b, transposed, bias, c, pieces);
        workers.runAcquired(job);
        return;
      } finally {
        job.clear();
        workers.release();
      }
    }
    rowRange(n, k, a, rowStride, colStride, b, transposed, bias, c, 0, m);
  }

  /** Returns how many blocks of four rows cover m rows. */
  private static int blocks(int m) {
    return (m + 3) / 4;
  }

  /**
   * Rows i0..i1 of c = A·B (+ bias), i0 a multiple of four, a panel of {@link #PANEL_ROWS} rows
   * of B at a time: rows p0.. of B (columns of b when transposed) are copied into this thread's
   * workspace, then every block of four of those rows of c takes them, starting from the partial
   * sums the previous panel left in c.
   */
  private void rowRange(int n, int k, float[] a, int rowStride, int colStride, float[] b,
      boolean transposed, float[] bias, float[] c, int i0, int i1) {
    Workspace w = workspace.get().ensure(Math.min(k, PANEL_ROWS), n);
    for (int p0 = 0; ; p0 += PANEL_ROWS) { // once for k = 0 too: c becomes the bias or zero
      int rows = Math.min(PANEL_ROWS, k - p0);
      for (int p = 0; p < rows; p++) {
        if (transposed) {
          float[] row = w.packed[p];
          for (int j = 0; j < n; j++) {
            row[j] = b[j * k + p0 + p];
          }
        } else {
          System.arraycopy(b, (p0 + p) * n, w.packed[p], 0, n);
        }
      }
      product(i0, i1, n, rows, a, p0 * colStride, rowStride, colStride, w, bias, p0 == 0, c);
      if (k - p0 <= PANEL_ROWS) {
        return;
      }
    }
  }

  /**
   * Rows i0..i1 of c (n columns) = A·packed, where A(i, p) = a[from + i·rowStride + p·colStride]
   * and packed holds the k × n right-hand side as rows; the sums start from bias (or zero) for
   * the first panel, from c for the others.
   */
  private static void product(int i0, int i1, int n, int k, float[] a, int from, int rowStride,
      int colStride, Workspace w, float[] bias, boolean firstPanel, float[] c) {
    float[] c0 = w.acc[0];
    float[] c1 = w.acc[1];
    float[] c2 = w.acc[2];
    float[] c3 = w.acc[3];
    for (int i = i0; i < i1; i += 4) {
      int rows = Math.min(4, i1 - i);
      for (int r = 0; r < 4; r++) {
        if (!firstPanel && r < rows) {
          System.arraycopy(c, (i + r) * n, w.acc[r], 0, n);
        } else if (firstPanel && bias != null) {
          System.arraycopy(bias, 0, w.acc[r], 0, n);
        } else {
          Arrays.fill(w.acc[r], 0, n, 0f);
        }
      }
      int p = 0;
      for (; p + 1 < k; p += 2) {
        int ap = from + i * rowStride + p * colStride;
        int aq = ap + colStride;
        float a0 = a[ap];
        float a1 = rows > 1 ? a[ap + rowStride] : 0f;
        float a2 = rows > 2 ? a[ap + 2 * rowStride] : 0f;
        float a3 = rows > 3 ? a[ap + 3 * rowStride] : 0f;
        float e0 = a[aq];
        float e1 = rows > 1 ? a[aq + rowStride] : 0f;
        float e2 = rows > 2 ? a[aq + 2 * rowStride] : 0f;
        float e3 = rows > 3 ? a[aq + 3 * rowStride] : 0f;
        boolean first = a0 == 0f && a1 == 0f && a2 == 0f && a3 == 0f;
        boolean second = e0 == 0f && e1 == 0f && e2 == 0f && e3 == 0f;
        if (first && second) {
          continue;
        }
        if (first) {
          oneRow(n, w.packed[p + 1], e0, e1, e2, e3, c0, c1, c2, c3);
        } else if (second) {
          oneRow(n, w.packed[p], a0, a1, a2, a3, c0, c1, c2, c3);
        } else {
          twoRows(n, w.packed[p], w.packed[p + 1], a0, a1, a2, a3, e0, e1, e2, e3, c0, c1, c2,
              c3);
        }
      }
      if (p < k) {
        int ap = from + i * rowStride + p * colStride;
        float a0 = a[ap];
        float a1 = rows > 1 ? a[ap + rowStride] : 0f;
        float a2 = rows > 2 ? a[ap + 2 * rowStride] : 0f;
        float a3 = rows > 3 ? a[ap + 3 * rowStride] : 0f;
        if (a0 != 0f || a1 != 0f || a2 != 0f || a3 != 0f) {
          oneRow(n, w.packed[p], a0, a1, a2, a3, c0, c1, c2, c3);
        }
      }
      for (int r = 0; r < rows; r++) {
        System.arraycopy(w.acc[r], 0, c, (i + r) * n, n);
      }
    }
  }

  /**
   * c0..c3 += the four rows' values times row b, then times row d, in that order: the inner
   * loop, a method of its own (see the class comment).
   */
  private static void twoRows(int n, float[] b, float[] d, float a0, float a1, float a2,
      float a3, float e0, float e1, float e2, float e3, float[] c0, float[] c1, float[] c2,
      float[] c3) {
    for (int j = 0; j < n; j++) {
      float bv = b[j];
      float dv = d[j];
      c0[j] = c0[j] + a0 * bv + e0 * dv;
      c1[j] = c1[j] + a1 * bv + e1 * dv;
      c2[j] = c2[j] + a2 * bv + e2 * dv;
      c3[j] = c3[j] + a3 * bv + e3 * dv;
    }
  }

  /** c0..c3 += the four rows' values times row b: for a row of b whose partner is skipped. */
  private static void oneRow(int n, float[] b, float a0, float a1, float a2, float a3,
      float[] c0, float[] c1, float[] c2, float[] c3) {
    for (int j = 0; j < n; j++) {
      float bv = b[j];
      c0[j] += a0 * bv;
      c1[j] += a1 * bv;
      c2[j] += a2 * bv;
      c3[j] += a3 * bv;
    }
  }

  /**
   * The operands of the product the workers are computing; reused, so nothing is allocated.
   * Each thread claims range q, the blocks of four rows blocks·q / pieces to blocks·(q + 1) /
   * pieces, until none is left.
   */
  private final class ProductJob implements Workers.Job {
    private final AtomicInteger next = new AtomicInteger();
    private int m;
    private int n;
    private int k;
    private float[] a;
    private int rowStride;
    private int colStride;
    private float[] b;
    private boolean transposed;
    private float[] bias;
    private float[] c;
    private int pieces;

    void set(int m, int n, int k, float[] a, int rowStride, int colStride, float[] b,
        boolean transposed, float[] bias, float[] c, int pieces) {
      this.m = m;
      this.n = n;
      this.k = k;
      this.a = a;
      this.rowStride = rowStride;
      this.colStride = colStride;
      this.b = b;
      this.transposed = transposed;
      this.bias = bias;
      this.c = c;
      this.pieces = pieces;
      next.set(0);
    }

    void clear() {
      a = null;
      b = null;
      bias = null;
      c = null;
    }

    @Override
    public void run() {
      int blocks = blocks(m);
      for (int q = next.getAndIncrement(); q < pieces; q = next.getAndIncrement()) {
        rowRange(n, k, a, rowStride, colStride, b, transposed, bias, c,
            4 * (int) ((long) blocks * q / pieces),
            Math.min(m, 4 * (int) ((long) blocks * (q + 1) / pieces)));
      }
    }
  }

  /** One thread's packed right-hand side and four row accumulators. Not thread-safe. */
  private static final class Workspace {
    float[][] packed = new float[0][0];
    final float[][] acc = new float[4][0];

    /** Grows the buffers to hold a k × n right-hand side; keeps them when large enough. */
    Workspace ensure(int k, int n) {
      if (packed.length < k || (k > 0 && packed[0].length < n)) {
        int rows = Math.max(k, packed.length);
        int cols = Math.max(n, packed.length == 0 ? 0 : packed[0].length);
        packed = new float[rows][cols];
      }
      if (acc[0].length < n) {
        for (int r = 0; r < 4; r++) {
          acc[r] = new float[n];
        }
      }
      return this;
    }
  }
}
