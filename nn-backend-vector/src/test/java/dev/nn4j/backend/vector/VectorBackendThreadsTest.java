package dev.nn4j.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The host's factory makes the vector backend's threads, and close() ends them. */
class VectorBackendThreadsTest {

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void theHostsFactoryMakesTheThreadsAndCloseEndsThem() {
    List<Thread> made = new CopyOnWriteArrayList<>();
    int m = 192;
    float[] a = new float[m * m];
    float[] b = new float[m * m];
    for (int i = 0; i < a.length; i++) {
      a[i] = (i % 7) - 3;
      b[i] = (i % 5) - 2;
    }
    float[] expected = new float[m * m];
    new VectorBackend(1).multiply(m, m, m, a, b, expected);
    VectorBackend backend = new VectorBackend(1).withThreads(3, r -> {
      Thread t = new Thread(r);
      made.add(t);
      return t;
    });
    float[] c = new float[m * m];
    backend.multiply(m, m, m, a, b, c);
    assertThat(c).containsExactly(expected);
    assertThat(made).hasSize(2)
        .allSatisfy(t -> assertThat(t.getName()).startsWith("nn4j-vector-"));
    backend.close();
    assertThat(made).allSatisfy(t -> assertThat(t.isAlive()).isFalse());
    backend.multiply(m, m, m, a, b, c);
    assertThat(c).containsExactly(expected);
    assertThat(made).hasSize(2);
  }
}
