package dev.nn4j.backend.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked micro-kernel: six rows of c by two vectors of columns live in twelve
 * vector registers while p runs over k, so each step loads two vectors of b and broadcasts six
 * values of a for twelve fused multiply-adds. a is first copied into the order the kernel reads
 * it, by blocks of six rows (once per product); b too, by panels of two vectors of columns, when
 * its rows are not contiguous. So every load of the inner loop has one index and a constant
 * offset. Vectors never cross a method boundary on purpose: vectors passed to a helper that is
 * not inlined get boxed, which costs an order of magnitude.
 *
 * <p>Products whose rows or columns are not a multiple of the block end with a block that
 * overlaps the one before it: it recomputes a few values in the same order, so it rewrites them
 * with the same bits, at full speed instead of through a narrower, slower kernel.
 */
final class VectorKernels {

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  /**
   * Rows of c per block: six, or five where the JIT spills a sixth row's accumulators. With 16
   * vector registers (AVX2) six rows need 12 accumulators, 2 vectors of b and a broadcast; JDK 17
   * fits them, JDK 25 keeps three broadcasts live and spills an accumulator into the chain of fused
   * multiply-adds, which halves the speed; five rows give it back (see BENCHMARKS.md, "Why the
   * kernels look as they do").
   */
  static final int PREFERRED_ROWS =
      S.vectorBitSize() == 256 && Runtime.version().feature() >= 25 ? 5 : 6;

  /**
   * What the accumulators start from when there is no bias. Never written. The accumulators
   * load their start rather than use a constant zero, which would keep a sixteenth vector
   * register busy through the inner loop, and spill, on machines that have sixteen.
   */
  private static final float[] ZEROS = new float[2 * S.length()];

  private VectorKernels() {}

  /**
   * Copies block r of a (m × k, A(i, p) = a[i·rs + p·cs]) into {@code packed}, where blocks are
   * of {@code rows} rows (5 or 6): block r holds, for each p, the values A(i₀ + 0..rows − 1, p)
   * with i₀ = min(r · rows, m − rows). There are {@link #rowBlocks}(m, rows) blocks; {@code
   * packed} needs {@link #packedSize}(m, k, rows) floats.
   */
  static void pack(int m, int k, float[] a, int rs, int cs, float[] packed, int rows, int r) {
    int i0 = Math.min(r * rows, m - rows) * rs;
    int i1 = i0 + rs;
    int i2 = i1 + rs;
    int i3 = i2 + rs;
    int i4 = i3 + rs;
    // the rows written out one by one, not by a loop over rows, which C2 compiles less well
    // (see BENCHMARKS.md, "Why the kernels look as they do")
    if (rows == 6) {
      int i5 = i4 + rs;
      for (int p = 0, to = r * k * 6, from = 0; p < k; p++, to += 6, from += cs) {
        packed[to] = a[i0 + from];
        packed[to + 1] = a[i1 + from];
        packed[to + 2] = a[i2 + from];
        packed[to + 3] = a[i3 + from];
        packed[to + 4] = a[i4 + from];
        packed[to + 5] = a[i5 + from];
      }
    } else {
      for (int p = 0, to = r * k * 5, from = 0; p < k; p++, to += 5, from += cs) {
        packed[to] = a[i0 + from];
        packed[to + 1] = a[i1 + from];
        packed[to + 2] = a[i2 + from];
        packed[to + 3] = a[i3 + from];
        packed[to + 4] = a[i4 + from];
      }
    }
  }

  /** Returns how many blocks of {@code rows} rows {@link #pack} makes of m rows. */
  static int rowBlocks(int m, int rows) {
    return blocks(m, rows);
  }

  /** Returns the length {@link #pack} needs for an m × k operand in blocks of {@code rows}. */
  static int packedSize(int m, int k, int rows) {
    return blocks(m, rows) * rows * k;
  }

  /**
   * Part {@code part} of {@code parts} of c = A·B (+ bias): c m × n overwritten, A m × k as
   * {@link #pack packed} by blocks of {@code rows} (or, when m &lt; rows, read from a[i·rs +
   * p·cs]), B(p, j) = b[p·bp + j·bj] k × n. The columns of c are split by panels of two vectors,
   * the last panel ending at n and overlapping the one before it; the last part always holds
   * both. A panel of B is read in place when its rows are contiguous and {@link #spread}, else
   * copied into {@code panel} so the kernel streams it contiguously. Every element of c is
   * computed in the same order whatever the split, so the result does not depend on the number
   * of parts.
   */
  static void gemm(int m, int n, int k, int rows, float[] packed, float[] a, int rs, int cs,
      float[] b, int bp, int bj, float[] bias, float[] c, float[] panel, int part, int parts) {
    int lanes = S.length();
    int width = 2 * lanes;
    int panels = blocks(n, width);
    int rowBlocks = blocks(m, rows);
    for (int q = panels * part / parts, qEnd = panels * (part + 1) / parts; q < qEnd; q++) {
      int j = Math.min(q * width, n - width);
      float[] start = bias == null ? ZEROS : bias;
      int s = bias == null ? 0 : j;
      if (rowBlocks > 0 && bj == 1 && spread(bp)) {
        // rows of b are contiguous and spread over the cache: the kernel reads them in place
        column(m, k, rows, packed, b, j, bp, start, s, c, j, n);
        continue;
      }
      copy(k, b, bp, bj, j, panel);
      if (rowBlocks > 0) {
        column(m, k, rows, packed, panel, 0, width, start, s, c, j, n);
        continue;
      }
      // fewer rows than a block: one row at a time, from a itself
      for (int i = 0; i < m; i++) {
        FloatVector c0 = FloatVector.fromArray(S, start, s);
        FloatVector c1 = FloatVector.fromArray(S, start, s + lanes);
        for (int p = 0; p < k; p++) {
          FloatVector av = FloatVector.broadcast(S, a[i * rs + p * cs]);
          c0 = av.fma(FloatVector.fromArray(S, panel, p * width), c0);
          c1 = av.fma(FloatVector.fromArray(S, panel, p * width + lanes), c1);
        }
        c0.intoArray(c, i * n + j);
        c1.intoArray(c, i * n + j + lanes);
      }
    }
    if (panels > 0 || part != parts - 1) {
      return;
    }
    if (rowBlocks > 0) {
      narrow(m, n, k, rows, packed, b, bp, bj, bias, c, panel);
      return;
    }
    // fewer rows than a block and fewer than two vectors of columns: one zero-padded vector at
    // a time, written out through a scratch row at the panel's end, so no masked (and, on JDK
    // 17, boxed) operations
    int scratch = k * lanes;
    for (int j = 0; j < n; j += lanes) {
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

  /**
   * Copies columns j..j + 2·lanes of B (B(p, j) = b[p·bp + j·bj], k rows) into {@code panel}, row p
   * at p·2·lanes. Contiguous rows (the ones {@link #spread} sends here) move as two vectors, faster
   * than value by value. B transposed (the forward pass's Wᵀ, bp = 1) moves by 8 × 8 tiles
   * transposed in registers when vectors have 8 lanes ({@link Transpose8}), also faster; otherwise,
   * and for the last k mod 8 rows, value by value. (Copying four columns at a time, each read along
   * its own run of b, was faster alone but slower in the product; see BENCHMARKS.md, "Why the
   * kernels look as they do".)
   */
  private static void copy(int k, float[] b, int bp, int bj, int j, float[] panel) {
    int lanes = S.length();
    int width = 2 * lanes;
    if (bj == 1) {
      for (int p = 0, from = j, to = 0; p < k; p++, from += bp, to += width) {
        FloatVector.fromArray(S, b, from).intoArray(panel, to);
        FloatVector.fromArray(S, b, from + lanes).intoArray(panel, to + lanes);
      }
      return;
    }
    int p = 0;
    if (lanes == Transpose8.SIZE && bp == 1) {
      for (; p + Transpose8.SIZE <= k; p += Transpose8.SIZE) {
        Transpose8.tile(b, j * bj + p, bj, panel, p * width, width);
        Transpose8.tile(b, (j + lanes) * bj + p, bj, panel, p * width + lanes, width);
      }
    }
    for (; p < k; p++) {
      int from = p * bp + j * bj;
      for (int jj = 0; jj < width; jj++) {
        panel[p * width + jj] = b[from + jj * bj];
      }
    }
  }

  /**
   * An 8 × 8 transpose in registers, for vectors of 8 lanes: three rounds that swap the
   * off-diagonal 1 × 1, 2 × 2 and 4 × 4 blocks of pairs of rows (a lane permutation and a blend
   * each): 24 permutations and 24 blends for 64 values, against 64 scalar loads and stores. Its
   * shuffles and masks are built for 8 lanes only, so this class loads only where they are.
   */
  private static final class Transpose8 {
    static final int SIZE = 8;
    private static final VectorShuffle<Float> SWAP1 = VectorShuffle.fromOp(S, i -> i ^ 1);
    private static final VectorShuffle<Float> SWAP2 = VectorShuffle.fromOp(S, i -> i ^ 2);
    private static final VectorShuffle<Float> SWAP4 = VectorShuffle.fromOp(S, i -> i ^ 4);
    private static final VectorMask<Float> ODD1 = VectorMask.fromLong(S, 0xAA);
    private static final VectorMask<Float> EVEN1 = ODD1.not();
    private static final VectorMask<Float> ODD2 = VectorMask.fromLong(S, 0xCC);
    private static final VectorMask<Float> EVEN2 = ODD2.not();
    private static final VectorMask<Float> ODD4 = VectorMask.fromLong(S, 0xF0);
    private static final VectorMask<Float> EVEN4 = ODD4.not();

    private Transpose8() {}

    /** out[o + t·stride + r] = b[from + r·bj + t] for r, t in 0..8. */
    static void tile(float[] b, int from, int bj, float[] out, int o, int stride) {
      FloatVector v0 = FloatVector.fromArray(S, b, from);
      FloatVector v1 = FloatVector.fromArray(S, b, from + bj);
      FloatVector v2 = FloatVector.fromArray(S, b, from + 2 * bj);
      FloatVector v3 = FloatVector.fromArray(S, b, from + 3 * bj);
      FloatVector v4 = FloatVector.fromArray(S, b, from + 4 * bj);
      FloatVector v5 = FloatVector.fromArray(S, b, from + 5 * bj);
      FloatVector v6 = FloatVector.fromArray(S, b, from + 6 * bj);
      FloatVector v7 = FloatVector.fromArray(S, b, from + 7 * bj);
      FloatVector t0 = v0.blend(v1.rearrange(SWAP1), ODD1);
      FloatVector t1 = v1.blend(v0.rearrange(SWAP1), EVEN1);
      FloatVector t2 = v2.blend(v3.rearrange(SWAP1), ODD1);
      FloatVector t3 = v3.blend(v2.rearrange(SWAP1), EVEN1);
      FloatVector t4 = v4.blend(v5.rearrange(SWAP1), ODD1);
      FloatVector t5 = v5.blend(v4.rearrange(SWAP1), EVEN1);
      FloatVector t6 = v6.blend(v7.rearrange(SWAP1), ODD1);
      FloatVector t7 = v7.blend(v6.rearrange(SWAP1), EVEN1);
      v0 = t0.blend(t2.rearrange(SWAP2), ODD2);
      v2 = t2.blend(t0.rearrange(SWAP2), EVEN2);
      v1 = t1.blend(t3.rearrange(SWAP2), ODD2);
      v3 = t3.blend(t1.rearrange(SWAP2), EVEN2);
      v4 = t4.blend(t6.rearrange(SWAP2), ODD2);
      v6 = t6.blend(t4.rearrange(SWAP2), EVEN2);
      v5 = t5.blend(t7.rearrange(SWAP2), ODD2);
      v7 = t7.blend(t5.rearrange(SWAP2), EVEN2);
      v0.blend(v4.rearrange(SWAP4), ODD4).intoArray(out, o);
      v1.blend(v5.rearrange(SWAP4), ODD4).intoArray(out, o + stride);
      v2.blend(v6.rearrange(SWAP4), ODD4).intoArray(out, o + 2 * stride);
      v3.blend(v7.rearrange(SWAP4), ODD4).intoArray(out, o + 3 * stride);
      v4.blend(v0.rearrange(SWAP4), EVEN4).intoArray(out, o + 4 * stride);
      v5.blend(v1.rearrange(SWAP4), EVEN4).intoArray(out, o + 5 * stride);
      v6.blend(v2.rearrange(SWAP4), EVEN4).intoArray(out, o + 6 * stride);
      v7.blend(v3.rearrange(SWAP4), EVEN4).intoArray(out, o + 7 * stride);
    }
  }

  /**
   * c = A·B (+ bias) for fewer than two vectors of columns (say a layer of ten outputs): B is
   * copied into a panel zero-padded to two vectors, followed by the start values and m rows of
   * that width, which the blocks fill; then each row's n columns are copied into c. Computing
   * the padding costs less than leaving the blocks for a narrower kernel (the MLP's output layer,
   * 128 × 128 · 128 × 10, is such a product; see BENCHMARKS.md, "Why the kernels look as they do").
   */
  private static void narrow(int m, int n, int k, int rows, float[] packed, float[] b, int bp,
      int bj, float[] bias, float[] c, float[] panel) {
    int width = 2 * S.length();
    for (int p = 0; p < k; p++) {
      for (int jj = 0; jj < width; jj++) {
        panel[p * width + jj] = jj < n ? b[p * bp + jj * bj] : 0f;
      }
    }
    int start = k * width;
    for (int jj = 0; jj < width; jj++) {
      panel[start + jj] = bias != null && jj < n ? bias[jj] : 0f;
    }
    int out = start + width;
    column(m, k, rows, packed, panel, 0, width, panel, start, panel, out, width);
    for (int i = 0; i < m; i++) {
      System.arraycopy(panel, out + i * width, c, i * n, n);
    }
  }

  /**
   * All m rows of c in one panel of two vectors of columns, c[o + i·n + 0..2·lanes): the
   * {@link #pack packed} blocks of {@code rows} rows, the last one ending at row m, each through
   * {@link #block} with b read from b[b0 + p·stride].
   */
  private static void column(int m, int k, int rows, float[] packed, float[] b, int b0,
      int stride, float[] start, int s, float[] c, int o, int n) {
    for (int r = 0, blocks = blocks(m, rows); r < blocks; r++) {
      block(rows, k, packed, r * k * rows, b, b0, stride, start, s, c,
          o + Math.min(r * rows, m - rows) * n, n);
    }
  }

  /**
   * One block: c[o + i·n + 0..2·lanes) for the {@code rows} rows i, from the packed rows at {@code
   * from}, two vectors of b at b[b0 + p·stride] for each p, and the start values at start[s..].
   * Each size is a method of its own so that the JIT allocates registers for its loop alone:
   * inlined into {@link #gemm}, the loop reloads array addresses from the stack at every step
   * (slower than a method of its own). Both loops count by their index into {@code packed}:
   * counted by p, JDK 17's C2 rebuilt block6's index at every step as from + 4·p + 2·p, 42
   * instructions per step against 33 now, and all three products are faster for it (block5, used on
   * JDK 25, was not slowed by this and is unchanged; see BENCHMARKS.md, "Why the kernels look as
   * they do").
   */
  private static void block(int rows, int k, float[] packed, int from, float[] b, int b0,
      int stride, float[] start, int s, float[] c, int o, int n) {
    if (rows == 6) {
      block6(k, packed, from, b, b0, stride, start, s, c, o, n);
    } else {
      block5(k, packed, from, b, b0, stride, start, s, c, o, n);
    }
  }

  /** {@link #block} of six rows. */
  private static void block6(int k, float[] packed, int from, float[] b, int b0, int stride,
      float[] start, int s, float[] c, int o, int n) {
    int lanes = S.length();
    FloatVector c00 = FloatVector.fromArray(S, start, s);
    FloatVector c01 = FloatVector.fromArray(S, start, s + lanes);
    FloatVector c10 = c00;
    FloatVector c11 = c01;
    FloatVector c20 = c00;
    FloatVector c21 = c01;
    FloatVector c30 = c00;
    FloatVector c31 = c01;
    FloatVector c40 = c00;
    FloatVector c41 = c01;
    FloatVector c50 = c00;
    FloatVector c51 = c01;
    for (int ap = from, end = from + 6 * k, bq = b0; ap < end; ap += 6, bq += stride) {
      FloatVector v0 = FloatVector.fromArray(S, b, bq);
      FloatVector v1 = FloatVector.fromArray(S, b, bq + lanes);
      FloatVector a0 = FloatVector.broadcast(S, packed[ap]);
      c00 = a0.fma(v0, c00);
      c01 = a0.fma(v1, c01);
      FloatVector a1 = FloatVector.broadcast(S, packed[ap + 1]);
      c10 = a1.fma(v0, c10);
      c11 = a1.fma(v1, c11);
      FloatVector a2 = FloatVector.broadcast(S, packed[ap + 2]);
      c20 = a2.fma(v0, c20);
      c21 = a2.fma(v1, c21);
      FloatVector a3 = FloatVector.broadcast(S, packed[ap + 3]);
      c30 = a3.fma(v0, c30);
      c31 = a3.fma(v1, c31);
      FloatVector a4 = FloatVector.broadcast(S, packed[ap + 4]);
      c40 = a4.fma(v0, c40);
      c41 = a4.fma(v1, c41);
      FloatVector a5 = FloatVector.broadcast(S, packed[ap + 5]);
      c50 = a5.fma(v0, c50);
      c51 = a5.fma(v1, c51);
    }
    c00.intoArray(c, o);
    c01.intoArray(c, o + lanes);
    c10.intoArray(c, o + n);
    c11.intoArray(c, o + n + lanes);
    c20.intoArray(c, o + 2 * n);
    c21.intoArray(c, o + 2 * n + lanes);
    c30.intoArray(c, o + 3 * n);
    c31.intoArray(c, o + 3 * n + lanes);
    c40.intoArray(c, o + 4 * n);
    c41.intoArray(c, o + 4 * n + lanes);
    c50.intoArray(c, o + 5 * n);
    c51.intoArray(c, o + 5 * n + lanes);
  }

  /** {@link #block} of five rows. */
  private static void block5(int k, float[] packed, int from, float[] b, int b0, int stride,
      float[] start, int s, float[] c, int o, int n) {
    int lanes = S.length();
    FloatVector c00 = FloatVector.fromArray(S, start, s);
    FloatVector c01 = FloatVector.fromArray(S, start, s + lanes);
    FloatVector c10 = c00;
    FloatVector c11 = c01;
    FloatVector c20 = c00;
    FloatVector c21 = c01;
    FloatVector c30 = c00;
    FloatVector c31 = c01;
    FloatVector c40 = c00;
    FloatVector c41 = c01;
    for (int ap = from, end = from + 5 * k, bq = b0; ap < end; ap += 5, bq += stride) {
      FloatVector v0 = FloatVector.fromArray(S, b, bq);
      FloatVector v1 = FloatVector.fromArray(S, b, bq + lanes);
      FloatVector a0 = FloatVector.broadcast(S, packed[ap]);
      c00 = a0.fma(v0, c00);
      c01 = a0.fma(v1, c01);
      FloatVector a1 = FloatVector.broadcast(S, packed[ap + 1]);
      c10 = a1.fma(v0, c10);
      c11 = a1.fma(v1, c11);
      FloatVector a2 = FloatVector.broadcast(S, packed[ap + 2]);
      c20 = a2.fma(v0, c20);
      c21 = a2.fma(v1, c21);
      FloatVector a3 = FloatVector.broadcast(S, packed[ap + 3]);
      c30 = a3.fma(v0, c30);
      c31 = a3.fma(v1, c31);
      FloatVector a4 = FloatVector.broadcast(S, packed[ap + 4]);
      c40 = a4.fma(v0, c40);
      c41 = a4.fma(v1, c41);
    }
    c00.intoArray(c, o);
    c01.intoArray(c, o + lanes);
    c10.intoArray(c, o + n);
    c11.intoArray(c, o + n + lanes);
    c20.intoArray(c, o + 2 * n);
    c21.intoArray(c, o + 2 * n + lanes);
    c30.intoArray(c, o + 3 * n);
    c31.intoArray(c, o + 3 * n + lanes);
    c40.intoArray(c, o + 4 * n);
    c41.intoArray(c, o + 4 * n + lanes);
  }

  /**
   * Whether rows {@code stride} floats apart land in at least half of the L1 cache's sets (of 64
   * bytes, 64 sets and more on current x86 and ARM cores). A stride of a multiple of 1 KiB, say
   * 256 floats, puts k rows in four sets only, so they evict each other: those are copied.
   */
  private static boolean spread(int stride) {
    return stride % 16 != 0 || Integer.numberOfTrailingZeros(stride / 16) <= 1;
  }

  /** Returns how many panels of columns a product with n columns is split into. */
  static int panels(int n) {
    return blocks(n, 2 * S.length());
  }

  /**
   * Returns the panel length {@link #gemm} needs for an m × k · k × n product: k + 1 + m rows of
   * two vectors (the last m only used when n is narrower than two vectors).
   */
  static int panelSize(int m, int k) {
    return (k + 1 + m) * 2 * S.length();
  }

  /**
   * Returns how many blocks of {@code size} cover {@code count}: none when count is smaller than
   * one block, else enough that a last block ending at count, overlapping the one before it,
   * takes the remainder.
   */
  private static int blocks(int count, int size) {
    return count < size ? 0 : (count + size - 1) / size;
  }

  /**
   * c = a·bᵀ (+ bias) by vector dot products, for a few rows of a (single-sample inference). Four
   * columns at a time: four independent chains of fused multiply-adds sharing each vector of a,
   * where one chain waited on its own latency (a one-sample prediction now takes about the time
   * to read W from L3; see BENCHMARKS.md, "Why the kernels look as they do"); each column's sum
   * is the same chain as alone, so the same bits.
   */
  static void dots(int m, int n, int k, float[] a, float[] b, float[] bias, float[] c) {
    int lanes = S.length();
    int kv = k - k % lanes;
    for (int i = 0; i < m; i++) {
      int ai = i * k;
      int j = 0;
      for (; j + 4 <= n; j += 4) {
        int b0 = j * k;
        int b1 = b0 + k;
        int b2 = b1 + k;
        int b3 = b2 + k;
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        for (int p = 0; p < kv; p += lanes) {
          FloatVector av = FloatVector.fromArray(S, a, ai + p);
          s0 = av.fma(FloatVector.fromArray(S, b, b0 + p), s0);
          s1 = av.fma(FloatVector.fromArray(S, b, b1 + p), s1);
          s2 = av.fma(FloatVector.fromArray(S, b, b2 + p), s2);
          s3 = av.fma(FloatVector.fromArray(S, b, b3 + p), s3);
        }
        int ci = i * n + j;
        c[ci] = dotTail(s0.reduceLanes(VectorOperators.ADD), a, ai, b, b0, kv, k, bias, j);
        c[ci + 1] = dotTail(s1.reduceLanes(VectorOperators.ADD), a, ai, b, b1, kv, k, bias, j + 1);
        c[ci + 2] = dotTail(s2.reduceLanes(VectorOperators.ADD), a, ai, b, b2, kv, k, bias, j + 2);
        c[ci + 3] = dotTail(s3.reduceLanes(VectorOperators.ADD), a, ai, b, b3, kv, k, bias, j + 3);
      }
      for (; j < n; j++) {
        int bj = j * k;
        FloatVector acc = FloatVector.zero(S);
        for (int p = 0; p < kv; p += lanes) {
          acc = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bj + p), acc);
        }
        c[i * n + j] = dotTail(acc.reduceLanes(VectorOperators.ADD), a, ai, b, bj, kv, k, bias, j);
      }
    }
  }

  /** A dot product's vector sum, plus its scalar tail from p = from, plus bias[j] if any. */
  private static float dotTail(float sum, float[] a, int ai, float[] b, int bj, int from, int k,
      float[] bias, int j) {
    for (int p = from; p < k; p++) {
      sum += a[ai + p] * b[bj + p];
    }
    return bias == null ? sum : sum + bias[j];
  }

  /**
   * c = a·b (+ bias) for one row a (k values) and b k × n (a layer's weights transposed, as a
   * predictor keeps them): each c[j] starts from bias[j] (or zero) and takes a[p]·b[p][j] for p
   * in order by fused multiply-adds, the chain {@link #gemm} computes for every element of a
   * batch, so the bits of a batch row. Columns go by chunks of {@link #rowWidth} columns, each
   * over all of k with one accumulator per vector (at least eight independent chains, as many as
   * keep the fused multiply-adds busy, where the columns allow), reading that chunk of every row
   * of b; the last chunk ends at n, overlapping the one before it (recomputed in the same order:
   * the same bits). Fewer columns than one vector go row by row of b with the sums in c, by
   * scalar fused multiply-adds, which round as a vector's lanes do.
   */
  static void row(int n, int k, float[] a, float[] b, float[] bias, float[] c) {
    row(n, k, a, b, bias, c, rowWidth(n, 1), 0, 1);
  }

  /**
   * Part {@code part} of {@code parts} of {@link #row}: the chunks of {@code width} columns
   * (from {@link #rowWidth}) chunks·part / parts to chunks·(part + 1) / parts. Parts overlap only
   * when n is not a multiple of the width.
   */
  static void row(int n, int k, float[] a, float[] b, float[] bias, float[] c, int width,
      int part, int parts) {
    int lanes = S.length();
    if (n < lanes) {
      // row by row of b, the sums in c: a loop over j that C2 vectorises, and the chains of
      // the n columns independent of each other
      for (int j = 0; j < n; j++) {
        c[j] = bias == null ? 0f : bias[j];
      }
      for (int p = 0, q = 0; p < k; p++, q += n) {
        float ap = a[p];
        for (int j = 0; j < n; j++) {
          c[j] = Math.fma(ap, b[q + j], c[j]);
        }
      }
      return;
    }
    float[] start = bias == null ? ROW_ZEROS : bias;
    int chunks = blocks(n, width);
    for (int q = chunks * part / parts, end = chunks * (part + 1) / parts; q < end; q++) {
      int j = Math.min(q * width, n - width);
      int s = bias == null ? 0 : j;
      if (width == 16 * lanes) {
        row16(n, k, a, b, start, s, c, j);
      } else if (width == 8 * lanes) {
        row8(n, k, a, b, start, s, c, j);
      } else if (width == 4 * lanes) {
        row4(n, k, a, b, start, s, c, j);
      } else {
        row1(n, k, a, b, start, s, c, j);
      }
    }
  }

  /**
   * The columns per chunk of {@link #row} for n columns (at least one vector) split into {@code
   * parts}: sixteen vectors on one thread where there are 32 vector registers (AVX-512) and n
   * has that many (a layer of 256 units then streams b in order, in one pass), else eight, four
   * or one vector, the widest that n holds.
   */
  static int rowWidth(int n, int parts) {
    int lanes = S.length();
    if (parts == 1 && lanes >= 16 && n >= 16 * lanes) {
      return 16 * lanes;
    }
    return n >= 8 * lanes ? 8 * lanes : n >= 4 * lanes ? 4 * lanes : lanes;
  }

  /** What {@link #row}'s accumulators start from when there is no bias. Never written. */
  private static final float[] ROW_ZEROS = new float[16 * S.length()];

  /**
   * {@link #row}'s chunk of sixteen vectors of columns, for 32 vector registers (AVX-512): a
   * layer of 256 units in one pass over b, which then streams in order.
   */
  private static void row16(int n, int k, float[] a, float[] b, float[] start, int s,
      float[] c, int j) {
    int lanes = S.length();
    FloatVector c0 = FloatVector.fromArray(S, start, s);
    FloatVector c1 = FloatVector.fromArray(S, start, s + 1 * lanes);
    FloatVector c2 = FloatVector.fromArray(S, start, s + 2 * lanes);
    FloatVector c3 = FloatVector.fromArray(S, start, s + 3 * lanes);
    FloatVector c4 = FloatVector.fromArray(S, start, s + 4 * lanes);
    FloatVector c5 = FloatVector.fromArray(S, start, s + 5 * lanes);
    FloatVector c6 = FloatVector.fromArray(S, start, s + 6 * lanes);
    FloatVector c7 = FloatVector.fromArray(S, start, s + 7 * lanes);
    FloatVector c8 = FloatVector.fromArray(S, start, s + 8 * lanes);
    FloatVector c9 = FloatVector.fromArray(S, start, s + 9 * lanes);
    FloatVector c10 = FloatVector.fromArray(S, start, s + 10 * lanes);
    FloatVector c11 = FloatVector.fromArray(S, start, s + 11 * lanes);
    FloatVector c12 = FloatVector.fromArray(S, start, s + 12 * lanes);
    FloatVector c13 = FloatVector.fromArray(S, start, s + 13 * lanes);
    FloatVector c14 = FloatVector.fromArray(S, start, s + 14 * lanes);
    FloatVector c15 = FloatVector.fromArray(S, start, s + 15 * lanes);
    for (int p = 0, bq = j; p < k; p++, bq += n) {
      FloatVector av = FloatVector.broadcast(S, a[p]);
      c0 = av.fma(FloatVector.fromArray(S, b, bq), c0);
      c1 = av.fma(FloatVector.fromArray(S, b, bq + 1 * lanes), c1);
      c2 = av.fma(FloatVector.fromArray(S, b, bq + 2 * lanes), c2);
      c3 = av.fma(FloatVector.fromArray(S, b, bq + 3 * lanes), c3);
      c4 = av.fma(FloatVector.fromArray(S, b, bq + 4 * lanes), c4);
      c5 = av.fma(FloatVector.fromArray(S, b, bq + 5 * lanes), c5);
      c6 = av.fma(FloatVector.fromArray(S, b, bq + 6 * lanes), c6);
      c7 = av.fma(FloatVector.fromArray(S, b, bq + 7 * lanes), c7);
      c8 = av.fma(FloatVector.fromArray(S, b, bq + 8 * lanes), c8);
      c9 = av.fma(FloatVector.fromArray(S, b, bq + 9 * lanes), c9);
      c10 = av.fma(FloatVector.fromArray(S, b, bq + 10 * lanes), c10);
      c11 = av.fma(FloatVector.fromArray(S, b, bq + 11 * lanes), c11);
      c12 = av.fma(FloatVector.fromArray(S, b, bq + 12 * lanes), c12);
      c13 = av.fma(FloatVector.fromArray(S, b, bq + 13 * lanes), c13);
      c14 = av.fma(FloatVector.fromArray(S, b, bq + 14 * lanes), c14);
      c15 = av.fma(FloatVector.fromArray(S, b, bq + 15 * lanes), c15);
    }
    c0.intoArray(c, j);
    c1.intoArray(c, j + 1 * lanes);
    c2.intoArray(c, j + 2 * lanes);
    c3.intoArray(c, j + 3 * lanes);
    c4.intoArray(c, j + 4 * lanes);
    c5.intoArray(c, j + 5 * lanes);
    c6.intoArray(c, j + 6 * lanes);
    c7.intoArray(c, j + 7 * lanes);
    c8.intoArray(c, j + 8 * lanes);
    c9.intoArray(c, j + 9 * lanes);
    c10.intoArray(c, j + 10 * lanes);
    c11.intoArray(c, j + 11 * lanes);
    c12.intoArray(c, j + 12 * lanes);
    c13.intoArray(c, j + 13 * lanes);
    c14.intoArray(c, j + 14 * lanes);
    c15.intoArray(c, j + 15 * lanes);
  }

  /** {@link #row}'s chunk of eight vectors of columns, c[j..j + 8·lanes). */
  private static void row8(int n, int k, float[] a, float[] b, float[] start, int s, float[] c,
      int j) {
    int lanes = S.length();
    FloatVector c0 = FloatVector.fromArray(S, start, s);
    FloatVector c1 = FloatVector.fromArray(S, start, s + lanes);
    FloatVector c2 = FloatVector.fromArray(S, start, s + 2 * lanes);
    FloatVector c3 = FloatVector.fromArray(S, start, s + 3 * lanes);
    FloatVector c4 = FloatVector.fromArray(S, start, s + 4 * lanes);
    FloatVector c5 = FloatVector.fromArray(S, start, s + 5 * lanes);
    FloatVector c6 = FloatVector.fromArray(S, start, s + 6 * lanes);
    FloatVector c7 = FloatVector.fromArray(S, start, s + 7 * lanes);
    for (int p = 0, bq = j; p < k; p++, bq += n) {
      FloatVector av = FloatVector.broadcast(S, a[p]);
      c0 = av.fma(FloatVector.fromArray(S, b, bq), c0);
      c1 = av.fma(FloatVector.fromArray(S, b, bq + lanes), c1);
      c2 = av.fma(FloatVector.fromArray(S, b, bq + 2 * lanes), c2);
      c3 = av.fma(FloatVector.fromArray(S, b, bq + 3 * lanes), c3);
      c4 = av.fma(FloatVector.fromArray(S, b, bq + 4 * lanes), c4);
      c5 = av.fma(FloatVector.fromArray(S, b, bq + 5 * lanes), c5);
      c6 = av.fma(FloatVector.fromArray(S, b, bq + 6 * lanes), c6);
      c7 = av.fma(FloatVector.fromArray(S, b, bq + 7 * lanes), c7);
    }
    c0.intoArray(c, j);
    c1.intoArray(c, j + lanes);
    c2.intoArray(c, j + 2 * lanes);
    c3.intoArray(c, j + 3 * lanes);
    c4.intoArray(c, j + 4 * lanes);
    c5.intoArray(c, j + 5 * lanes);
    c6.intoArray(c, j + 6 * lanes);
    c7.intoArray(c, j + 7 * lanes);
  }

  /** {@link #row}'s chunk of four vectors of columns. */
  private static void row4(int n, int k, float[] a, float[] b, float[] start, int s, float[] c,
      int j) {
    int lanes = S.length();
    FloatVector c0 = FloatVector.fromArray(S, start, s);
    FloatVector c1 = FloatVector.fromArray(S, start, s + lanes);
    FloatVector c2 = FloatVector.fromArray(S, start, s + 2 * lanes);
    FloatVector c3 = FloatVector.fromArray(S, start, s + 3 * lanes);
    for (int p = 0, bq = j; p < k; p++, bq += n) {
      FloatVector av = FloatVector.broadcast(S, a[p]);
      c0 = av.fma(FloatVector.fromArray(S, b, bq), c0);
      c1 = av.fma(FloatVector.fromArray(S, b, bq + lanes), c1);
      c2 = av.fma(FloatVector.fromArray(S, b, bq + 2 * lanes), c2);
      c3 = av.fma(FloatVector.fromArray(S, b, bq + 3 * lanes), c3);
    }
    c0.intoArray(c, j);
    c1.intoArray(c, j + lanes);
    c2.intoArray(c, j + 2 * lanes);
    c3.intoArray(c, j + 3 * lanes);
  }

  /** {@link #row}'s chunk of one vector of columns. */
  private static void row1(int n, int k, float[] a, float[] b, float[] start, int s, float[] c,
      int j) {
    FloatVector c0 = FloatVector.fromArray(S, start, s);
    for (int p = 0, bq = j; p < k; p++, bq += n) {
      c0 = FloatVector.broadcast(S, a[p]).fma(FloatVector.fromArray(S, b, bq), c0);
    }
    c0.intoArray(c, j);
  }

  /**
   * out[j] = Σ_i a[i][j], each column summed from row 0 down as {@link
   * dev.nn4j.api.spi.Backend#columnSums}'s default does (same bits), but four vectors of columns
   * at a time: four independent chains of additions instead of one scalar chain that C2 does not
   * vectorise (it cannot rule out that out and a are the same array).
   */
  static void columnSums(int m, int n, float[] a, float[] out) {
    int lanes = S.length();
    int j = 0;
    for (; j + 4 * lanes <= n; j += 4 * lanes) {
      FloatVector s0 = FloatVector.zero(S);
      FloatVector s1 = FloatVector.zero(S);
      FloatVector s2 = FloatVector.zero(S);
      FloatVector s3 = FloatVector.zero(S);
      for (int i = 0; i < m; i++) {
        int row = i * n + j;
        s0 = s0.add(FloatVector.fromArray(S, a, row));
        s1 = s1.add(FloatVector.fromArray(S, a, row + lanes));
        s2 = s2.add(FloatVector.fromArray(S, a, row + 2 * lanes));
        s3 = s3.add(FloatVector.fromArray(S, a, row + 3 * lanes));
      }
      s0.intoArray(out, j);
      s1.intoArray(out, j + lanes);
      s2.intoArray(out, j + 2 * lanes);
      s3.intoArray(out, j + 3 * lanes);
    }
    for (; j + lanes <= n; j += lanes) {
      FloatVector sum = FloatVector.zero(S);
      for (int i = 0; i < m; i++) {
        sum = sum.add(FloatVector.fromArray(S, a, i * n + j));
      }
      sum.intoArray(out, j);
    }
    for (; j < n; j++) {
      float sum = 0f;
      for (int i = 0; i < m; i++) {
        sum += a[i * n + j];
      }
      out[j] = sum;
    }
  }
}
