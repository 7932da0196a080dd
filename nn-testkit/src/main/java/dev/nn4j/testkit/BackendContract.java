package dev.nn4j.testkit;

import dev.nn4j.api.spi.Backend;
import dev.nn4j.api.spi.ParallelLoop;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of a compute {@link Backend}: each product agrees with a naive double-precision
 * reference on seeded random shapes (1×1, odd sizes, sizes that are not multiples of any vector
 * width, the MLP shapes, and one large enough that the built-in backends split it over their
 * threads), overwrites its output whatever it held, leaves its inputs alone, gives the same bits
 * when repeated, and fails on an operand too short for its shape without hanging; the row
 * product gives the bits of a batch row; its {@linkplain Backend#parallelLoop() loop} runs every
 * index once, in ranges starting at multiples of the grain, rethrows a failing range's exception
 * once no range is running, and may be called again from its own body.
 */
public abstract class BackendContract {

  private static final int[][] SHAPES = {
      {1, 1, 1}, {1, 7, 3}, {3, 1, 5}, {4, 4, 4}, {5, 17, 9}, {13, 31, 29}, {16, 16, 16},
      {33, 65, 127}, {128, 10, 128}, {7, 256, 784}, {64, 33, 1}, {9, 1, 6}, {5, 7, 0},
      {2, 37, 100}, {40, 300, 251}
  };

  /** Returns the backend under test. */
  protected abstract Backend backend();

  /** a·bᵀ (+ bias) matches the reference on every shape, with and without bias. */
  @Test
  public void multiplyTransposedBMatchesTheReference() {
    SplittableRandom random = new SplittableRandom(1);
    for (int[] s : SHAPES) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      float[] a = random(random, m * k);
      float[] b = random(random, n * k);
      float[] bias = random(random, n);
      for (float[] withBias : new float[][] {null, bias}) {
        float[] c = garbage(m * n);
        float[] before = a.clone();
        backend().multiplyTransposedB(m, n, k, a, b, withBias, c);
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            double expected = withBias == null ? 0 : withBias[j];
            for (int p = 0; p < k; p++) {
              expected += (double) a[i * k + p] * b[j * k + p];
            }
            check("multiplyTransposedB", s, i, j, k, expected, c[i * n + j]);
          }
        }
        unchanged("multiplyTransposedB", before, a);
      }
    }
  }

  /**
   * The row product ({@link Backend#multiplyRow}, over the weights transposed) gives a sample the
   * bits the batch product a·bᵀ gives its row in a batch of 32 rows, on every shape's n and k,
   * with and without bias, with a third of the inputs zero (as after a ReLU); it overwrites its
   * output and leaves its inputs alone.
   */
  @Test
  public void multiplyRowHasTheBitsOfABatchRow() {
    SplittableRandom random = new SplittableRandom(4);
    int m = 32;
    for (int[] s : SHAPES) {
      int n = s[1];
      int k = s[2];
      float[] a = random(random, m * k);
      for (int i = 0; i < a.length; i += 3) {
        a[i] = 0f;
      }
      float[] w = random(random, n * k);
      float[] t = new float[n * k];
      for (int j = 0; j < n; j++) {
        for (int p = 0; p < k; p++) {
          t[p * n + j] = w[j * k + p];
        }
      }
      float[] bias = random(random, n);
      for (float[] withBias : new float[][] {null, bias}) {
        float[] batch = new float[m * n];
        backend().multiplyTransposedB(m, n, k, a, w, withBias, batch);
        for (int i = 0; i < m; i++) {
          float[] row = Arrays.copyOfRange(a, i * k, (i + 1) * k);
          float[] before = t.clone();
          float[] c = garbage(n);
          backend().multiplyRow(n, k, row, t, withBias, c);
          for (int j = 0; j < n; j++) {
            if (Float.floatToRawIntBits(c[j]) != Float.floatToRawIntBits(batch[i * n + j])) {
              throw new AssertionError(backend().name() + " multiplyRow with n×k = " + n + "×"
                  + k + (withBias == null ? "" : " and bias") + ", row " + i + ", column " + j
                  + ": " + c[j] + " where the batch product gives " + batch[i * n + j]);
            }
          }
          unchanged("multiplyRow", before, t);
        }
      }
    }
  }

  /** aᵀ·b matches the reference on every shape. */
  @Test
  public void multiplyTransposedAMatchesTheReference() {
    SplittableRandom random = new SplittableRandom(2);
    for (int[] s : SHAPES) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      float[] a = random(random, k * m);
      float[] b = random(random, k * n);
      float[] c = garbage(m * n);
      backend().multiplyTransposedA(m, n, k, a, b, c);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double expected = 0;
          for (int p = 0; p < k; p++) {
            expected += (double) a[p * m + i] * b[p * n + j];
          }
          check("multiplyTransposedA", s, i, j, k, expected, c[i * n + j]);
        }
      }
    }
  }

  /** a·b matches the reference on every shape, also when a is mostly zeros. */
  @Test
  public void multiplyMatchesTheReference() {
    SplittableRandom random = new SplittableRandom(3);
    for (int[] s : SHAPES) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      float[] a = random(random, m * k);
      for (int i = 0; i < a.length; i += 3) {
        a[i] = 0;
      }
      float[] b = random(random, k * n);
      float[] c = garbage(m * n);
      float[] before = b.clone();
      backend().multiply(m, n, k, a, b, c);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double expected = 0;
          for (int p = 0; p < k; p++) {
            expected += (double) a[i * k + p] * b[p * n + j];
          }
          check("multiply", s, i, j, k, expected, c[i * n + j]);
        }
      }
      unchanged("multiply", before, b);
    }
  }

  /** Column sums match the reference. */
  @Test
  public void columnSumsMatchTheReference() {
    SplittableRandom random = new SplittableRandom(4);
    for (int[] s : SHAPES) {
      float[] a = random(random, s[0] * s[1]);
      float[] out = garbage(s[1]);
      backend().columnSums(s[0], s[1], a, out);
      for (int j = 0; j < s[1]; j++) {
        double expected = 0;
        for (int i = 0; i < s[0]; i++) {
          expected += a[i * s[1] + j];
        }
        check("columnSums", s, 0, j, s[0], expected, out[j]);
      }
    }
  }

  /** The same inputs give the same bits, call after call. */
  @Test
  public void productsAreDeterministic() {
    SplittableRandom random = new SplittableRandom(5);
    float[] a = random(random, 33 * 127);
    float[] b = random(random, 65 * 127);
    float[] first = new float[33 * 65];
    backend().multiplyTransposedB(33, 65, 127, a, b, null, first);
    for (int i = 0; i < 5; i++) {
      float[] again = garbage(33 * 65);
      backend().multiplyTransposedB(33, 65, 127, a, b, null, again);
      if (!Arrays.equals(first, again)) {
        throw new AssertionError(backend().name() + ": a·bᵀ of the same inputs changed from one "
            + "call to the next");
      }
    }
  }

  /**
   * A product given an operand too short for its shape fails with an IndexOutOfBoundsException
   * or IllegalArgumentException, whichever thread reads past its end, instead of hanging or
   * returning; the backend works afterwards. (The timeout only turns a hang into a failure.)
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  public void aTooShortOperandFailsTheProductAndTheBackendCarriesOn() {
    Backend backend = backend();
    int m = 128;
    int n = 200;
    int k = 300;
    float[] b = new float[n * k];
    float[] c = new float[m * n];
    for (int i = 0; i < 20; i++) {
      try {
        backend.multiplyTransposedB(m, n, k, new float[m * k - 1], b, null, c);
        throw new AssertionError(backend.name() + ": a·bᵀ with a one float short returned");
      } catch (IndexOutOfBoundsException | IllegalArgumentException expected) {
        // the contract
      }
    }
    float[] a = new float[m * k];
    a[0] = 1;
    b[0] = 2;
    backend.multiplyTransposedB(m, n, k, a, b, null, c);
    if (c[0] != 2f || c[1] != 0f) {
      throw new AssertionError(backend.name() + ": after failed products, a·bᵀ gave " + c[0]
          + ", " + c[1] + " instead of 2, 0");
    }
  }

  /** The parallel loop runs every index exactly once, in ranges that start on a grain. */
  @Test
  public void parallelLoopRunsEveryIndexOnce() {
    Backend backend = backend();
    int grain = ParallelLoop.GRAIN;
    for (int size : new int[] {0, 1, grain - 1, grain, 2 * grain + 1, 5 * grain + 3}) {
      int[] runs = new int[size];
      boolean[] misaligned = new boolean[1];
      backend.parallelLoop().run(size, (from, to) -> {
        if (from % grain != 0 || from > to || to > size) {
          misaligned[0] = true;
        }
        for (int i = from; i < to; i++) {
          runs[i]++;
        }
      });
      if (misaligned[0]) {
        throw new AssertionError(backend.name() + " loop over " + size + " indices ran a range "
            + "outside [0, size) or not starting at a multiple of " + grain);
      }
      for (int i = 0; i < size; i++) {
        if (runs[i] != 1) {
          throw new AssertionError(backend.name() + " loop over " + size + " indices ran index "
              + i + " " + runs[i] + " times");
        }
      }
    }
  }

  /**
   * A range that throws makes the loop throw that exception, only once no other range is still
   * running, and the same backend's loop works again afterwards.
   */
  @Test
  public void parallelLoopReportsAFailingRange() {
    Backend backend = backend();
    int size = 5 * ParallelLoop.GRAIN;
    int bad = 3 * ParallelLoop.GRAIN + 7;
    AtomicInteger running = new AtomicInteger();
    RuntimeException thrown = null;
    try {
      backend.parallelLoop().run(size, (from, to) -> {
        running.incrementAndGet();
        try {
          if (from <= bad && bad < to) {
            throw new IllegalArgumentException("range with index " + bad);
          }
          Arrays.fill(new float[to - from], 1f);
        } finally {
          running.decrementAndGet();
        }
      });
    } catch (RuntimeException e) {
      thrown = e;
    }
    if (!(thrown instanceof IllegalArgumentException)
        || !thrown.getMessage().equals("range with index " + bad)) {
      throw new AssertionError(backend.name() + " loop did not rethrow the failing range's "
          + "exception but " + thrown);
    }
    if (running.get() != 0) {
      throw new AssertionError(backend.name() + " loop returned while " + running.get()
          + " ranges were still running");
    }
    int[] count = new int[size];
    backend.parallelLoop().run(size, (from, to) -> {
      for (int i = from; i < to; i++) {
        count[i] = 1;
      }
    });
    if (Arrays.stream(count).sum() != size) {
      throw new AssertionError(backend.name() + " loop skipped indices after a failing range");
    }
  }

  /**
   * A body that runs the same backend's loop again (an optimizer's body calling the backend)
   * gets every index of both loops run once.
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  public void parallelLoopCanBeCalledFromItsOwnBody() {
    Backend backend = backend();
    int outer = 4 * ParallelLoop.GRAIN;
    int inner = 2 * ParallelLoop.GRAIN + 1;
    int[] outerRuns = new int[outer];
    AtomicInteger innerRuns = new AtomicInteger();
    AtomicInteger ranges = new AtomicInteger();
    backend.parallelLoop().run(outer, (from, to) -> {
      ranges.incrementAndGet();
      int[] runs = new int[inner];
      backend.parallelLoop().run(inner, (f, t) -> {
        for (int i = f; i < t; i++) {
          runs[i]++;
        }
      });
      if (Arrays.stream(runs).allMatch(r -> r == 1)) {
        innerRuns.incrementAndGet();
      }
      for (int i = from; i < to; i++) {
        outerRuns[i]++;
      }
    });
    if (!Arrays.stream(outerRuns).allMatch(r -> r == 1) || innerRuns.get() != ranges.get()) {
      throw new AssertionError(backend.name() + " loop called from its own body lost or "
          + "repeated indices");
    }
  }

  private void check(String product, int[] shape, int i, int j, int k, double expected,
      float actual) {
    // float accumulation: allow a relative error growing with the length of the sum
    double tolerance = 1e-5 * Math.sqrt(k) * Math.max(1, Math.abs(expected)) + 1e-6 * k;
    if (!(Math.abs(expected - actual) <= tolerance)) {
      throw new AssertionError(backend().name() + " " + product + " with m×n×k = "
          + Arrays.toString(shape) + " at (" + i + ", " + j + "): expected " + expected
          + " but was " + actual + ", " + Math.abs(expected - actual) + " apart (tolerance "
          + tolerance + ")");
    }
  }

  private void unchanged(String product, float[] before, float[] after) {
    if (!Arrays.equals(before, after)) {
      throw new AssertionError(backend().name() + " " + product + " wrote into an input");
    }
  }

  /**
   * Returns n seeded values in [-1, 1), for subclasses' own tests too.
   *
   * @param random the generator
   * @param n how many
   * @return the values
   */
  protected static float[] random(SplittableRandom random, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) random.nextDouble(-1, 1);
    }
    return x;
  }

  /** An output array full of NaN, so a product that accumulates instead of overwriting fails. */
  private static float[] garbage(int n) {
    float[] x = new float[n];
    Arrays.fill(x, Float.NaN);
    return x;
  }
}
