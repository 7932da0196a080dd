package dev.nn4j.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.spi.LayerProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every layer of the module does: registered for {@code ServiceLoader}, described in one
 * line, writes its whole output and input gradient without touching its inputs, allocates
 * nothing in training after the first batch, and infers from several threads at once.
 */
class CatalogueTest {

  static List<Catalogue> layers() {
    return Catalogue.all();
  }

  @Test
  void everyLayerIsRegisteredWithAOneLineDescription() {
    List<String> names = new ArrayList<>();
    for (LayerProvider<?> p : ServiceLoader.load(LayerProvider.class)) {
      names.add(p.name());
      assertThat(p.name()).matches("[a-z][a-z0-9_]*");
      assertThat(p.description()).as(p.name()).isNotBlank().doesNotContain("\n");
      assertThat(create(p)).isNotNull();
    }
    assertThat(names).containsExactlyInAnyOrder("flatten", "global_avg_pool2d", "max_pool2d",
        "avg_pool2d", "conv2d", "batch_norm", "layer_norm", "embedding");
  }

  /** Creates a layer with the provider's default parameters. */
  private static <P extends Record> Object create(LayerProvider<P> p) {
    return p.create(p.defaultParameters());
  }

  /** Whole ids for the embedding, values in [-2, 2) for the others. */
  private static Matrix input(Catalogue c, long seed, int rows) {
    if (c.provider() instanceof EmbeddingProvider) {
      Matrix m = Harness.uniform(seed, rows, c.input().size(), 0, 5);
      for (int i = 0; i < m.size(); i++) {
        m.data()[i] = (float) Math.floor(m.data()[i]);
      }
      return m;
    }
    return Harness.uniform(seed, rows, c.input().size(), -2, 2);
  }

  @ParameterizedTest
  @MethodSource("layers")
  void writesEveryOutputAndGradientAndNeverItsInputs(Catalogue c) {
    Harness h = Harness.of(c.provider(), c.parameters(), c.input());
    Matrix x = input(c, 1, 3);
    Matrix xCopy = x.copy();
    for (boolean training : new boolean[] {false, true}) {
      Matrix y = new Matrix(3, h.output.size(), nans(3 * h.output.size()));
      h.layer.forward(new Matrix[] {x}, y, training);
      assertThat(y.data()).as("%s output, training %s", c, training).doesNotContain(Float.NaN);
      assertThat(x).isEqualTo(xCopy);
    }
    Matrix y = h.forward(x, true);
    Matrix yCopy = y.copy();
    Matrix dy = Harness.uniform(2, 3, h.output.size(), -1, 1);
    Matrix dyCopy = dy.copy();
    Matrix dx = new Matrix(3, c.input().size(), nans(3 * c.input().size()));
    h.layer.parameters().forEach(p -> Arrays.fill(p.gradient(), Float.NaN));
    h.layer.backward(new Matrix[] {x}, y, dy, new Matrix[] {dx}, false);
    assertThat(dx.data()).as("%s input gradient", c).doesNotContain(Float.NaN);
    h.layer.parameters().forEach(p ->
        assertThat(p.gradient()).as("%s %s gradient", c, p.name()).doesNotContain(Float.NaN));
    assertThat(x).isEqualTo(xCopy);
    assertThat(y).isEqualTo(yCopy);
    assertThat(dy).isEqualTo(dyCopy);
    h.layer.backward(new Matrix[] {x}, y, dy, new Matrix[] {null}, false);
  }

  @ParameterizedTest
  @MethodSource("layers")
  void trainingAllocatesNothingAfterTheFirstBatch(Catalogue c) {
    Harness h = Harness.of(c.provider(), c.parameters(), c.input());
    int out = h.output.size();
    Matrix[] x = {input(c, 3, 8)};
    Matrix y = Matrix.zeros(8, out);
    Matrix dy = Harness.uniform(4, 8, out, -1, 1);
    Matrix[] dx = {Matrix.zeros(8, c.input().size())};
    h.layer.forward(x, y, true);
    h.layer.backward(x, y, dy, dx, false);
    Matrix[] x5 = {x[0].firstRows(5)};
    Matrix y5 = y.firstRows(5);
    Matrix dy5 = dy.firstRows(5);
    Matrix[] dx5 = {dx[0].firstRows(5)};
    long bytes = Allocation.of(() -> {
      h.layer.forward(x5, y5, true);
      h.layer.backward(x5, y5, dy5, dx5, true);
    });
    assertThat(bytes).as("%s allocated", c).isZero();
  }

  @ParameterizedTest
  @MethodSource("layers")
  void infersTheSameFromSeveralThreadsAtOnce(Catalogue c) throws Exception {
    Harness h = Harness.of(c.provider(), c.parameters(), c.input());
    Matrix x = input(c, 5, 6);
    h.forward(x, true);
    Matrix expected = h.forward(x, false);
    Callable<Matrix> infer = () -> h.forward(x, false);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (Future<Matrix> f : pool.invokeAll(Collections.nCopies(8, infer))) {
        assertThat(f.get()).as("%s", c).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static float[] nans(int n) {
    float[] a = new float[n];
    Arrays.fill(a, Float.NaN);
    return a;
  }
}
