package dev.nn4j.backend.vector;

import dev.nn4j.api.spi.Backend;
import dev.nn4j.api.spi.ParallelLoop;
import dev.nn4j.api.spi.Workers;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code vector}: the products on the Java Vector API. Rank 100, so it is chosen whenever the JVM
 * has the {@code jdk.incubator.vector} module. This class touches no Vector API type itself, so
 * discovering it is safe in any JVM; the kernels load on first use.
 *
 * <p>Products of at least {@value Workers#PARALLEL_PRODUCT_FROM} multiply-adds are split by panels
 * of columns, which {@code nn4j.threads} threads (default: the available processors, fewer while
 * they do not pay, see {@link Workers}) claim one at a time; the split never changes a result bit, so training is as deterministic with several threads
 * as with one. Smaller products, such as the seeds' tiny networks, stay on the calling thread. The
 * same threads run the element-wise loops of {@link #parallelLoop()} (the optimizer's update, the
 * trainer's gradient check and batch gather) of at least {@value Workers#PARALLEL_LOOP_FROM}
 * indices, which claim one {@link ParallelLoop#GRAIN} at a time.
 *
 * <p>Thread-safety: safe for concurrent use; each thread packs the operands into its own
 * buffers, reused once grown, so steady-state use allocates nothing. One product at a time uses
 * the worker threads; a concurrent one runs on its caller alone.
 */
public final class VectorBackend implements Backend {

  private static final String MODULE = "jdk.incubator.vector";

  private final ThreadLocal<Workspace> workspace = ThreadLocal.withInitial(Workspace::new);
  private final Workers workers;
  /** Rows per block, or 0 for {@link VectorKernels#PREFERRED_ROWS}; see {@link #rows()}. */
  private final int rows;
  private final ProductJob job = new ProductJob();
  private final RowJob rowJob = new RowJob();

  /**
   * Row products ({@link #multiplyRow}) of at least this many multiply-adds are split over the
   * workers: a 784-input, 256-unit layer is, a 256 × 128 one is not. A row product is memory-bound
   * (each weight is read once), so the split pays twice: each core reads its part of the weights,
   * and keeps it in its own cache from one call to the next.
   */
  private static final long PARALLEL_ROW_FROM = 1L << 17;

  /**
   * Uses {@link Workers#configured(String)}: as many threads as the system property {@code
   * nn4j.threads} says, or by default the available processors, fewer while they do not pay.
   *
   * @throws dev.nn4j.api.NnException if that property is not a whole number of at least 1
   */
  public VectorBackend() {
    this(Workers.configured("vector"), 0);
  }

  /**
   * Splits large products over {@code threads} threads (the caller included), always that many
   * (they do not adapt).
   *
   * @param threads at least 1
   * @throws IllegalArgumentException if threads is below 1
   */
  public VectorBackend(int threads) {
    this(threads, 0);
  }

  /**
   * For tests: blocks of {@code rows} rows (5 or 6) whatever this JVM prefers; 0 takes the
   * kernels' preference, read at the first product since it needs the Vector API.
   */
  VectorBackend(int threads, int rows) {
    this(new Workers("vector", threads), rows);
  }

  /**
   * Splits large products over {@code threads} threads (the caller included), the others made
   * by {@code factory} and named {@code nn4j-vector-<i>}; {@link #close()} ends them. They do not
   * adapt.
   *
   * @param threads at least 1
   * @param factory makes the worker threads
   * @throws IllegalArgumentException if threads is below 1
   */
  public VectorBackend(int threads, java.util.concurrent.ThreadFactory factory) {
    this(new Workers("vector", threads, factory), 0);
  }

  private VectorBackend(Workers workers, int rows) {
    if (rows != 0 && rows != 5 && rows != 6) {
      throw new IllegalArgumentException("rows must be 5 or 6, was " + rows);
    }
    this.workers = workers;
    this.rows = rows;
  }

  @Override
  public VectorBackend withThreads(int threads, java.util.concurrent.ThreadFactory factory) {
    return new VectorBackend(new Workers("vector", threads, factory), rows);
  }

  /** Ends the worker threads (see {@link Workers#close()}); the backend stays usable. */
  @Override
  public void close() {
    workers.close();
  }

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
    if (m < rows()) {
      VectorKernels.dots(m, n, k, a, b, bias, c);
      return;
    }
    gemm(m, n, k, a, k, 1, b, 1, k, bias, c);
  }

  /**
   * One row by the kernels' row product: every c[j] is the chain of fused multiply-adds from the
   * bias that {@link #multiplyTransposedB} computes for each row of a batch of at least six
   * rows (five on JDK 25 and later with 256-bit vectors), so exactly its bits. (Fewer rows than
   * that go by dot products, whose sums are ordered otherwise.) Runs on the calling thread and
   * allocates nothing.
   */
  @Override
  public void multiplyRow(int n, int k, float[] a, float[] b, float[] bias, float[] c) {
    if ((long) n * k >= PARALLEL_ROW_FROM && workers.threads() > 1) {
      int width = VectorKernels.rowWidth(n, 2);
      if (n % width == 0 && n / width >= 2 && workers.tryAcquire()) {
        try {
          rowJob.set(n, k, a, b, bias, c, width, Math.min(n / width, workers.threads()));
          workers.runAcquired(rowJob);
          return;
        } finally {
          rowJob.clear();
          workers.release();
        }
      }
    }
    VectorKernels.row(n, k, a, b, bias, c);
  }

  @Override
  public void multiplyTransposedA(int m, int n, int k, float[] a, float[] b, float[] c) {
    gemm(m, n, k, a, 1, m, b, n, 1, null, c);
  }

  @Override
  public void multiply(int m, int n, int k, float[] a, float[] b, float[] c) {
    gemm(m, n, k, a, k, 1, b, n, 1, null, c);
  }

  @Override
  public void columnSums(int m, int n, float[] a, float[] out) {
    VectorKernels.columnSums(m, n, a, out);
  }

  @Override
  public ParallelLoop parallelLoop() {
    return workers;
  }

  /**
   * Runs the product on the workers when it is large enough and has more panels of columns than
   * threads, else packs a and runs it on the caller. Which thread packs a block or computes a
   * panel does not change any result bit.
   */
  private void gemm(int m, int n, int k, float[] a, int rs, int cs, float[] b, int bp, int bj,
      float[] bias, float[] c) {
    int rows = rows();
    Workspace own = workspace.get();
    float[] packed = m >= rows ? own.packed(VectorKernels.packedSize(m, k, rows)) : null;
    if ((long) m * n * k >= Workers.PARALLEL_PRODUCT_FROM
        && VectorKernels.panels(n) > workers.threads()
        && workers.tryAcquire()) {
      try {
        job.set(m, n, k, packed, a, rs, cs, b, bp, bj, bias, c);
        workers.runAcquired(job);
        return;
      } finally {
        job.clear();
        workers.release();
      }
    }
    for (int r = 0, blocks = VectorKernels.rowBlocks(m, rows); r < blocks; r++) {
      VectorKernels.pack(m, k, a, rs, cs, packed, rows, r);
    }
    VectorKernels.gemm(m, n, k, rows, packed, a, rs, cs, b, bp, bj, bias, c, own.panel(m, k), 0,
        1);
  }

  /** Rows per block; touches the kernels, so only once a product runs. */
  private int rows() {
    return rows != 0 ? rows : VectorKernels.PREFERRED_ROWS;
  }

  /** The operands of the product the workers are computing; reused, so nothing is allocated. */
  private final class ProductJob implements Workers.Job {
    private final AtomicInteger nextBlock = new AtomicInteger();
    private final AtomicInteger packedBlocks = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger();
    /** Set when a thread failed packing, so the others stop waiting for its block. */
    private volatile boolean abandoned;
    private int m;
    private int n;
    private int k;
    private float[] packed;
    private float[] a;
    private int rs;
    private int cs;
    private float[] b;
    private int bp;
    private int bj;
    private float[] bias;
    private float[] c;

    void set(int m, int n, int k, float[] packed, float[] a, int rs, int cs, float[] b, int bp,
        int bj, float[] bias, float[] c) {
      this.m = m;
      this.n = n;
      this.k = k;
      this.packed = packed;
      this.a = a;
      this.rs = rs;
      this.cs = cs;
      this.b = b;
      this.bp = bp;
      this.bj = bj;
      this.bias = bias;
      this.c = c;
      nextBlock.set(0);
      packedBlocks.set(0);
      next.set(0);
      abandoned = false;
    }

    void clear() {
      packed = null;
      a = null;
      b = null;
      bias = null;
      c = null;
    }

    /**
     * Claims blocks of a to pack until none is left, waits until all are packed, then claims
     * units of work until none is left, so a thread slowed down (by the machine's other tenants,
     * or by a sibling hyperthread) takes fewer of either instead of holding everyone up. A unit
     * is one panel of columns, the last unit the last two (they overlap), which is the kernel's
     * own split into {@code units} parts. Claims alternate between the two halves of the
     * columns, so threads do not write neighbouring panels at the same time: a row of a panel
     * is 64 bytes but rarely 64-byte aligned in c, and neighbouring panels share a cache line
     * per row, which went back and forth between the cores (the MLP's products at 2 threads are
     * faster for it; see BENCHMARKS.md, "Why the kernels look as they do").
     */
    @Override
    public void run() {
      int rows = rows();
      int blocks = VectorKernels.rowBlocks(m, rows);
      try {
        for (int r = nextBlock.getAndIncrement(); r < blocks; r = nextBlock.getAndIncrement()) {
          VectorKernels.pack(m, k, a, rs, cs, packed, rows, r);
          packedBlocks.incrementAndGet();
        }
      } catch (RuntimeException | Error e) {
        abandoned = true;
        throw e;
      }
      while (packedBlocks.get() < blocks) {
        if (abandoned) {
          return;
        }
        Thread.onSpinWait();
      }
      float[] panel = workspace.get().panel(m, k);
      int units = VectorKernels.panels(n) - 1;
      int half = (units + 1) / 2;
      for (int u = next.getAndIncrement(); u < units; u = next.getAndIncrement()) {
        int unit = (u & 1) == 0 ? u >> 1 : half + (u >> 1);
        VectorKernels.gemm(m, n, k, rows, packed, a, rs, cs, b, bp, bj, bias, c, panel, unit,
            units);
      }
    }
  }

  /**
   * The operands of the row product the workers are computing, split into whole chunks of
   * columns that do not overlap, claimed one part at a time; reused, so nothing is allocated.
   * The caller usually claims the first part and a worker the second, so from one call to the
   * next each core tends to read the same part of the weights.
   */
  private static final class RowJob implements Workers.Job {
    private final AtomicInteger next = new AtomicInteger();
    private int n;
    private int k;
    private float[] a;
    private float[] b;
    private float[] bias;
    private float[] c;
    private int width;
    private int parts;

    void set(int n, int k, float[] a, float[] b, float[] bias, float[] c, int width,
        int parts) {
      this.n = n;
      this.k = k;
      this.a = a;
      this.b = b;
      this.bias = bias;
      this.c = c;
      this.width = width;
      this.parts = parts;
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
      for (int q = next.getAndIncrement(); q < parts; q = next.getAndIncrement()) {
        VectorKernels.row(n, k, a, b, bias, c, width, q, parts);
      }
    }
  }

  /** One thread's copies of the operands, each grown when a product needs more, then reused. */
  private static final class Workspace {
    private float[] panel = new float[0];
    private float[] packed = new float[0];

    float[] panel(int m, int k) {
      int size = VectorKernels.panelSize(m, k);
      if (panel.length < size) {
        panel = new float[size];
      }
      return panel;
    }

    float[] packed(int size) {
      if (packed.length < size) {
        packed = new float[size];
      }
      return packed;
    }
  }
}
