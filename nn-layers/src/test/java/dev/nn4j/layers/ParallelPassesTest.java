package dev.nn4j.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Shape;
import dev.nn4j.api.spi.Backend;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.ParallelLoop;
import dev.nn4j.testkit.ReferenceBackend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layers that run their training passes on the backend's {@link ParallelLoop} give the same
 * bits however the loop splits the work: here every grain a range of its own, run last to first.
 */
class ParallelPassesTest {

  /** Runs each grain of [0, size) as its own range, the last one first. */
  private static final ParallelLoop REVERSED = (size, body) -> {
    List<int[]> ranges = new ArrayList<>();
    for (int from = 0; from < size; from += ParallelLoop.GRAIN) {
      ranges.add(new int[] {from, Math.min(size, from + ParallelLoop.GRAIN)});
    }
    for (int i = ranges.size() - 1; i >= 0; i--) {
      body.run(ranges.get(i)[0], ranges.get(i)[1]);
    }
  };

  /** The reference backend with the reversed loop in place of its serial one. */
  private static Backend splitting() {
    Backend reference = new ReferenceBackend();
    return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
        new Class<?>[] {Backend.class}, (proxy, method, args) -> {
          if (method.getName().equals("parallelLoop")) {
            return REVERSED;
          }
          try {
            return method.invoke(reference, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private record Step(float[] output, float[] gradInput, List<float[]> gradients,
      List<float[]> buffers) {}

  private static Step step(Layer layer, Backend backend, Shape in, int rows) {
    Harness h = Harness.of(layer, in, new TestContext(backend, 7));
    Matrix x = Harness.uniform(3, rows, in.size(), -2, 2);
    Matrix y = h.forward(x, true);
    Matrix dy = Harness.uniform(5, rows, h.output.size(), -1, 1);
    Matrix dx = h.backward(x, y, dy, false);
    return new Step(y.data(), dx.data(),
        h.layer.parameters().stream().map(p -> p.gradient().clone()).toList(),
        h.layer.buffers().stream().map(b -> b.values().clone()).toList());
  }

  private static void sameBits(Step serial, Step split) {
    assertThat(split.output()).containsExactly(serial.output());
    assertThat(split.gradInput()).containsExactly(serial.gradInput());
    for (int i = 0; i < serial.gradients().size(); i++) {
      assertThat(split.gradients().get(i)).containsExactly(serial.gradients().get(i));
    }
    for (int i = 0; i < serial.buffers().size(); i++) {
      assertThat(split.buffers().get(i)).containsExactly(serial.buffers().get(i));
    }
  }

  @Test
  void batchNormGivesTheSameBitsWhateverTheSplit() {
    Shape in = Shape.image(3, 10, 10);
    BatchNormProvider provider = new BatchNormProvider();
    BatchNormProvider.Parameters p = new BatchNormProvider.Parameters(0.1, 1e-5);
    assertThat(ParallelLoop.grains(200 * in.size())).isGreaterThan(3);
    sameBits(step(provider.create(p), new ReferenceBackend(), in, 200),
        step(provider.create(p), splitting(), in, 200));
  }

  @Test
  void maxPoolingGivesTheSameBitsWhateverTheSplit() {
    Shape in = Shape.image(8, 16, 16);
    MaxPool2dProvider provider = new MaxPool2dProvider();
    Pool2dParameters p = new Pool2dParameters(2, 0, 0);
    assertThat(ParallelLoop.grains(128 * 8 * 8 * 8)).isGreaterThan(3);
    sameBits(step(provider.create(p), new ReferenceBackend(), in, 128),
        step(provider.create(p), splitting(), in, 128));
  }

  @Test
  void conv2dGivesTheSameBitsWhateverTheSplit() {
    Shape in = Shape.image(4, 12, 12);
    Conv2dProvider provider = new Conv2dProvider();
    Conv2dProvider.Parameters p = new Conv2dProvider.Parameters(6, 3, 1, 1, 1, 2, true);
    assertThat(ParallelLoop.grains(60 * 2 * 9 * 144)).isGreaterThan(3);
    sameBits(step(provider.create(p), new ReferenceBackend(), in, 60),
        step(provider.create(p), splitting(), in, 60));
  }
}
