package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.NoParameters;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.Shape;
import dev.nn4j.api.ShapeException;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerContext;
import dev.nn4j.api.spi.LayerProvider;
import dev.nn4j.api.spi.NoParametersProvider;
import dev.nn4j.core.backend.JavaBackend;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.layer.BuiltInLayers;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A network's predictor: one sample at a time, the bits of a batch row, a snapshot. */
class PredictorTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();

  /** Dense layers with and without biases and activations, as the MLP of the benchmarks. */
  private static Network mlp() {
    return Network.builder(REGISTRY).backend(new JavaBackend()).inputs(40).seed(3)
        .dense(33, "relu").dense(17, PluginSpec.of("identity"), false).dense(16, "tanh")
        .dense(5, "softmax").build();
  }

  /** A graph: an add of two branches, a concat with the input, dropout and an activation layer. */
  private static Network graph() {
    String yaml = """
        network:
          inputs: 6
          seed: 5
          layers:
            - name: stem
              units: 8
              activation: relu
            - name: branch
              units: 8
              activation: tanh
            - name: sum
              type: add
              inputs: [stem, branch]
            - name: both
              type: concat
              inputs: [sum, input]
            - type: dropout
              rate: 0.3
            - type: activation
              activation: sigmoid
            - units: 3
              activation: softmax
        data:
          features: [[0, 0, 1, 0, 0, 1]]
          targets: [[0, 1, 0]]
        """;
    var spec = new ConfigReader(REGISTRY).read(yaml, "graph.yaml", Path.of(".")).network();
    return Network.build(spec, REGISTRY, new JavaBackend());
  }

  private static Matrix batch(int rows, int cols, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[rows * cols];
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 5 == 0 ? 0f : (float) random.nextDouble(-1, 1);
    }
    return new Matrix(rows, cols, x);
  }

  private static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }

  @Test
  void eachSampleHasTheBitsOfItsRowInABatch() {
    for (Network network : List.of(mlp(), graph())) {
      Matrix x = batch(16, network.inputs(), 8);
      Matrix expected = network.predict(x);
      Predictor predictor = network.predictor();
      float[] out = new float[network.outputs()];
      for (int i = 0; i < x.rows(); i++) {
        predictor.predict(x.row(i), out);
        assertThat(bits(out)).as("%s, sample %d", network, i)
            .isEqualTo(bits(expected.row(i)));
        assertThat(bits(predictor.predict(x.row(i)))).isEqualTo(bits(out));
      }
    }
  }

  @Test
  void itKeepsTheValuesTheNetworkHadWhenItWasMade() {
    Network network = mlp();
    float[] x = batch(1, network.inputs(), 2).data();
    Predictor before = network.predictor();
    float[] first = before.predict(x);
    for (Parameter p : network.parameters()) {
      for (int i = 0; i < p.size(); i++) {
        p.value()[i] *= 0.5f;
      }
    }
    assertThat(bits(before.predict(x))).isEqualTo(bits(first));
    float[] changed = network.predictor().predict(x);
    assertThat(changed).isNotEqualTo(first);
    Matrix rows = new Matrix(8, x.length, new float[8 * x.length]);
    for (int i = 0; i < 8; i++) {
      System.arraycopy(x, 0, rows.data(), i * x.length, x.length);
    }
    assertThat(bits(changed)).isEqualTo(bits(network.predict(rows).row(0)));
  }

  @Test
  void aLayerOtherThanDenseKeepsItsValuesToo() {
    Network network = Network.builder(REGISTRY).backend(new JavaBackend()).inputs(5).seed(2)
        .dense(4, "tanh").layer(PluginSpec.of("test_gain")).dense(3, "softmax").build();
    float[] gain = network.layers().get(1).layer().parameters().get(0).value();
    Arrays.fill(gain, 1.5f);
    float[] x = batch(1, 5, 3).data();
    Predictor predictor = network.predictor();
    float[] first = predictor.predict(x);
    Arrays.fill(gain, -2f);
    assertThat(bits(predictor.predict(x))).isEqualTo(bits(first));
    assertThat(network.predictor().predict(x)).isNotEqualTo(first);
  }

  @Test
  void threadsPredictAtOnceEachWithItsOwnBuffers() throws Exception {
    Network network = graph();
    Predictor predictor = network.predictor();
    Matrix x = batch(64, network.inputs(), 4);
    Matrix expected = network.predict(x);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        results.add(pool.submit(() -> {
          float[] out = new float[network.outputs()];
          for (int round = 0; round < 200; round++) {
            int i = (round * 7 + offset * 13) % x.rows();
            predictor.predict(x.row(i), out);
            if (!Arrays.equals(bits(out), bits(expected.row(i)))) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void afterTheFirstCallAPredictionAllocatesNothing() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Predictor predictor = mlp().predictor();
    float[] x = batch(1, predictor.inputs(), 6).data();
    float[] out = new float[predictor.outputs()];
    predictor.predict(x, out);
    long id = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < 10_000; i++) {
      predictor.predict(x, out);
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    // a Matrix or array per call would be 10,000 × at least 16 bytes
    assertThat(allocated).isLessThan(16_000);
  }

  @Test
  void aSampleOrOutputOfTheWrongLengthIsRefused() {
    Predictor predictor = mlp().predictor();
    assertThatExceptionOfType(ShapeException.class)
        .isThrownBy(() -> predictor.predict(new float[39]))
        .withMessage("the network takes 40 inputs per sample and gives 5 outputs, but the sample"
            + " has 39 values and the output array 5");
    assertThatExceptionOfType(ShapeException.class)
        .isThrownBy(() -> predictor.predict(new float[40], new float[4]))
        .withMessageContaining("the output array 4");
  }

  @Test
  void dropoutIsOffAsInAnyInference() {
    Network network = Network.builder(REGISTRY).backend(new JavaBackend()).inputs(4).seed(1)
        .dense(6, "relu").layer(PluginSpec.of("dropout",
            new BuiltInLayers.DropoutType.Parameters(0.5))).dense(2, "sigmoid").build();
    Matrix x = batch(4, 4, 1);
    Predictor predictor = network.predictor();
    for (int i = 0; i < 4; i++) {
      assertThat(bits(predictor.predict(x.row(i)))).isEqualTo(bits(network.predict(x).row(i)));
    }
  }

  /**
   * {@code test_gain}: y = x ⊙ g, a layer with a parameter that is not a dense one (so a
   * predictor copies the network to keep it).
   */
  public static final class Gain implements LayerProvider<NoParameters>,
      NoParametersProvider<Layer> {
    @Override
    public String name() {
      return "test_gain";
    }

    @Override
    public Layer create(NoParameters parameters) {
      return new Layer() {
        private float[] g;
        private float[] grad;

        @Override
        public Shape build(List<Shape> inputs, LayerContext context) {
          g = new float[inputs.get(0).size()];
          grad = new float[g.length];
          context.fill("gain", g, 1f);
          return inputs.get(0);
        }

        @Override
        public List<Parameter> parameters() {
          return List.of(new Parameter("gain", g, grad));
        }

        @Override
        public void forward(Matrix[] in, Matrix out, boolean training) {
          for (int i = 0; i < in[0].size(); i++) {
            out.data()[i] = in[0].data()[i] * g[i % g.length];
          }
        }

        @Override
        public void backward(Matrix[] in, Matrix out, Matrix gradOut, Matrix[] gradIn,
            boolean accumulate) {
          if (!accumulate) {
            Arrays.fill(grad, 0f);
          }
          for (int i = 0; i < in[0].size(); i++) {
            grad[i % g.length] += in[0].data()[i] * gradOut.data()[i];
            if (gradIn[0] != null) {
              gradIn[0].data()[i] = gradOut.data()[i] * g[i % g.length];
            }
          }
        }
      };
    }
  }
}
