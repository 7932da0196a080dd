package dev.nn4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.api.spi.Backend;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A host's own backend: its threads come from the host's factory and end when it closes it. */
class BackendThreadsTest {

  private static float[] product(Backend backend) {
    int m = 128;
    float[] a = new float[m * m];
    float[] b = new float[m * m];
    for (int i = 0; i < a.length; i++) {
      a[i] = (i % 7) - 3;
      b[i] = (i % 5) - 2;
    }
    float[] c = new float[m * m];
    backend.multiplyTransposedB(m, m, m, a, b, null, c);
    return c;
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void theHostsFactoryMakesTheThreadsAndCloseEndsThem() {
    List<Thread> made = new CopyOnWriteArrayList<>();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r);
      made.add(t);
      return t;
    };
    float[] expected = product(new JavaBackend(1));
    Backend backend = Backends.create("java", 3, factory);
    assertThat(backend).isInstanceOf(JavaBackend.class);
    assertThat(product(backend)).containsExactly(expected);
    assertThat(made).hasSize(2);
    assertThat(made).allSatisfy(t -> assertThat(t.getName()).startsWith("nn4j-java-"));
    backend.close();
    assertThat(made).allSatisfy(t -> assertThat(t.isAlive()).isFalse());
    // still usable, on the caller alone: no thread is made again
    assertThat(product(backend)).containsExactly(expected);
    assertThat(made).hasSize(2);
    backend.close();
  }

  @Test
  void aBackendWithoutThreadsIgnoresThemAndClosesQuietly() {
    Backend serial = new Backend() {
      @Override
      public String name() {
        return "serial";
      }

      @Override
      public int rank() {
        return -1;
      }

      @Override
      public void multiplyTransposedB(int m, int n, int k, float[] a, float[] b, float[] bias,
          float[] c) {}

      @Override
      public void multiplyTransposedA(int m, int n, int k, float[] a, float[] b, float[] c) {}

      @Override
      public void multiply(int m, int n, int k, float[] a, float[] b, float[] c) {}
    };
    assertThat(serial.withThreads(2, Thread::new)).isSameAs(serial);
    serial.close();
  }
}
