package dev.nn4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.api.NnException;
import dev.nn4j.api.spi.Backend;
import dev.nn4j.api.spi.Workers;
import dev.nn4j.testkit.BackendContract;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JavaBackendTest extends BackendContract {

  @Override
  protected Backend backend() {
    return new JavaBackend();
  }

  /** The contract again with the work split over three threads. */
  @Nested
  class ThreeThreads extends BackendContract {
    @Override
    protected Backend backend() {
      return new JavaBackend(3);
    }
  }

  /**
   * A bad nn4j.threads is the user's mistake and is reported as one, not as the
   * ServiceConfigurationError of the backend's constructor.
   */
  @Test
  void aBadThreadCountInTheSystemPropertyIsReportedByName() {
    String before = System.getProperty(Workers.THREADS_PROPERTY);
    try {
      System.setProperty(Workers.THREADS_PROPERTY, "0");
      assertThatThrownBy(() -> Backends.choose(null, getClass().getClassLoader()))
          .isInstanceOf(NnException.class)
          .hasMessage("the system property nn4j.threads must be a whole number of at least 1"
              + " (threads, the caller included), was '0'");
    } finally {
      if (before == null) {
        System.clearProperty(Workers.THREADS_PROPERTY);
      } else {
        System.setProperty(Workers.THREADS_PROPERTY, before);
      }
    }
  }

  @Test
  void threadsMustBePositive() {
    assertThatThrownBy(() -> new JavaBackend(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threads must be at least 1, was 0");
  }

  @Test
  void backendsAreDiscoveredRankedAndForcedByName() {
    ClassLoader loader = getClass().getClassLoader();
    assertThat(Backends.installed(loader)).extracting(Backend::name).contains("java");
    assertThat(Backends.choose("java", loader)).isInstanceOf(JavaBackend.class);
    assertThatThrownBy(() -> Backends.choose("cuda", loader))
        .isInstanceOf(NnException.class)
        .hasMessageContaining("unknown backend 'cuda'; installed backends: ")
        .hasMessageContaining("java");
  }

  /** A(i, p) or B(p, j) of one product form. */
  private interface Element {
    float at(int row, int col);
  }

  /**
   * The three forms give exactly the bits of one row of b at a time in float, skipping a row of b
   * where the four rows of a in the block are all zero in that column: odd k, a last block of
   * fewer than four rows, columns of a that are zero in only one of a pair, and infinities in b
   * where a is zero: in every row (skipped, so finite), and in every other block of four rows
   * (skipped in those blocks only, NaN in the rows of the others), so rows grouped into other
   * blocks than 0–3, 4–7, … give other bits. In 9 × 300 × 251, b is copied in two panels of 128
   * and 123 rows (an odd last one), each block of c resuming from the first one's sums. On one
   * thread and on three: the last two shapes are large enough to be split into three ranges of
   * rows (12, 12 and 16 rows; 8, 8 and 5, ending in a block of one row), and the workers must
   * have been started for them.
   */
  @Test
  void productsGiveTheBitsOfOneRowOfBAtATime() {
    AtomicInteger workerThreads = new AtomicInteger();
    Backend[] backends = {new JavaBackend(1), new JavaBackend(new Workers("test", 3, body -> {
      workerThreads.incrementAndGet();
      return new Thread(body);
    }))};
    SplittableRandom random = new SplittableRandom(12);
    int[][] shapes = {{5, 7, 9}, {8, 16, 3}, {12, 33, 1}, {4, 1, 2}, {9, 20, 12}, {9, 300, 251},
        {40, 300, 251}, {21, 700, 150}};
    for (int[] s : shapes) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      float[] a = random(random, m * k);
      float[] b = random(random, n * k);
      float[] bias = random(random, n);
      // column p of a is zero in every row when p % 3 == 0, in the even blocks when p % 3 == 1
      for (int p = 0; p < k; p++) {
        for (int i = 0; i < m; i++) {
          if (p % 3 == 0 || (p % 3 == 1 && i / 4 % 2 == 0)) {
            a[i * k + p] = 0f; // a·bᵀ and a·b read A(i, p) = a[i·k + p]
          }
        }
      }
      float[] aT = new float[k * m]; // aᵀ·b reads A(i, p) = aT[p·m + i]
      for (int i = 0; i < m; i++) {
        for (int p = 0; p < k; p++) {
          aT[p * m + i] = a[i * k + p];
        }
      }
      b[0] = Float.POSITIVE_INFINITY; // B(0, 0) in every form, and column 0 of a is zero
      if (k > 1) { // B(1, 0) in each form (b[1] for a·bᵀ, b[n] for the others); column 1 of a
        b[1] = Float.POSITIVE_INFINITY; // is zero in the even blocks
        b[n] = Float.POSITIVE_INFINITY;
      }
      float[] abT = oneRowAtATime(m, n, k, (i, p) -> a[i * k + p], (p, j) -> b[j * k + p], bias);
      float[] aTb = oneRowAtATime(m, n, k, (i, p) -> aT[p * m + i], (p, j) -> b[p * n + j], null);
      float[] ab = oneRowAtATime(m, n, k, (i, p) -> a[i * k + p], (p, j) -> b[p * n + j], null);
      for (Backend backend : backends) {
        String shape = Arrays.toString(s) + (backend == backends[0] ? " on 1 thread" : " on 3");
        float[] c = new float[m * n];
        backend.multiplyTransposedB(m, n, k, a, b, bias, c);
        assertThat(c).as("a·bᵀ " + shape).containsExactly(abT);
        backend.multiplyTransposedA(m, n, k, aT, b, c);
        assertThat(c).as("aᵀ·b " + shape).containsExactly(aTb);
        backend.multiply(m, n, k, a, b, c);
        assertThat(c).as("a·b " + shape).containsExactly(ab);
      }
    }
    assertThat(workerThreads).hasValue(2);
  }

  private static float[] oneRowAtATime(int m, int n, int k, Element a, Element b, float[] bias) {
    float[] c = new float[m * n];
    for (int i0 = 0; i0 < m; i0 += 4) {
      int rows = Math.min(4, m - i0);
      for (int i = i0; i < i0 + rows; i++) {
        for (int j = 0; j < n; j++) {
          float acc = bias == null ? 0f : bias[j];
          for (int p = 0; p < k; p++) {
            boolean zero = true;
            for (int r = i0; r < i0 + rows; r++) {
              zero &= a.at(r, p) == 0f;
            }
            if (!zero) {
              acc += a.at(i, p) * b.at(p, j);
            }
          }
          c[i * n + j] = acc;
        }
      }
    }
    return c;
  }
}
