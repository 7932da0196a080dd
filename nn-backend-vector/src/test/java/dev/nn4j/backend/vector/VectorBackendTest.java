package dev.nn4j.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.mock;

import dev.nn4j.api.spi.Backend;
import dev.nn4j.testkit.BackendContract;
import java.util.Arrays;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The same contract as the Java backend, run with the Vector API module present. */
class VectorBackendTest extends BackendContract {

  @Override
  protected Backend backend() {
    return new VectorBackend();
  }

  @Test
  void isAvailableHereAndRegistered() {
    assertThat(new VectorBackend().isAvailable()).isTrue();
    assertThat(new VectorBackend().unavailableReason()).isEmpty();
    assertThat(ServiceLoader.load(Backend.class).stream().map(ServiceLoader.Provider::type))
        .contains(VectorBackend.class);
  }

  /** The contract again with the work split over three threads, and bit-identical results. */
  @Nested
  class ThreeThreads extends BackendContract {
    @Override
    protected Backend backend() {
      return new VectorBackend(3);
    }
  }

  /** The contract with blocks of five rows, the kernel JDK 25 and later get on AVX2. */
  @Nested
  class FiveRowBlocks extends BackendContract {
    @Override
    protected Backend backend() {
      return new VectorBackend(2, 5);
    }
  }

  @Test
  void splittingOverThreadsChangesNoBit() {
    SplittableRandom random = new SplittableRandom(9);
    int m = 128;
    int n = 200;
    int k = 300;
    float[] a = random(random, m * k);
    float[] b = random(random, n * k);
    float[] one = new float[m * n];
    float[] two = new float[m * n];
    new VectorBackend(1).multiplyTransposedB(m, n, k, a, b, null, one);
    new VectorBackend(2).multiplyTransposedB(m, n, k, a, b, null, two);
    assertThat(two).containsExactly(one);
    float[] five = new float[m * n];
    new VectorBackend(2, 5).multiplyTransposedB(m, n, k, a, b, null, five);
    assertThat(five).as("blocks of five rows").containsExactly(one);
    float[] t1 = new float[n * k];
    float[] t2 = new float[n * k];
    float[] c = new float[m * n];
    System.arraycopy(one, 0, c, 0, c.length);
    new VectorBackend(1).multiplyTransposedA(n, k, m, c, a, t1);
    new VectorBackend(4).multiplyTransposedA(n, k, m, c, a, t2);
    assertThat(t2).containsExactly(t1);
  }

  @Test
  void columnSumsGiveTheBitsOfTheDefaultSum() {
    // the interface's own default method, run for real
    Backend plain = mock(Backend.class, CALLS_REAL_METHODS);
    SplittableRandom random = new SplittableRandom(10);
    // four vectors of columns at a time, single vectors and a scalar tail, whatever the width
    int lanes = FloatVector.SPECIES_PREFERRED.length();
    for (int n : new int[] {1, 7, 10, 67, 256, 5 * lanes + 3}) {
      for (int m : new int[] {0, 1, 128}) {
        float[] a = random(random, m * n);
        float[] expected = new float[n];
        float[] actual = new float[n];
        Arrays.fill(actual, Float.NaN);
        plain.columnSums(m, n, a, expected);
        new VectorBackend(1).columnSums(m, n, a, actual);
        assertThat(actual).as("column sums of " + m + " × " + n).containsExactly(expected);
      }
    }
  }
}
