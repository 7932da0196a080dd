package dev.nn4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.StateBuffer;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.data.Scaler;
import dev.nn4j.core.model.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every mapped layer and activation, on small networks with random weights, gives in ONNX Runtime
 * what nn4j's {@link Model#predict} gives, to 1e-5; what has no mapping is a clear error.
 */
class OnnxExportTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();
  private static final double TOLERANCE = 1e-5;

  /** A model of the network the YAML describes, every parameter and buffer random. */
  private static Model model(String network, Scaler scaler, long seed) {
    Network net = Network.build(new ConfigReader(REGISTRY).readNetwork(network, "test.yaml"),
        REGISTRY, null);
    SplittableRandom random = new SplittableRandom(seed);
    for (Parameter p : net.parameters()) {
      float[] v = p.value();
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) random.nextDouble(-1, 1);
      }
    }
    for (StateBuffer b : net.buffers()) {
      float[] v = b.values();
      for (int i = 0; i < v.length; i++) {
        // running means in [-1, 1), running variances in [0.5, 2)
        v[i] = (float) (b.name().endsWith("running_var") ? random.nextDouble(0.5, 2)
            : random.nextDouble(-1, 1));
      }
    }
    return new Model("test", net, scaler, List.of(), PluginSpec.of("mse"), null, network);
  }

  private static Scaler none(int features) {
    float[] ones = new float[features];
    java.util.Arrays.fill(ones, 1f);
    return new Scaler("none", new float[features], ones);
  }

  private static Matrix uniform(int rows, int cols, double low, double high, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[rows * cols];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble(low, high);
    }
    return new Matrix(rows, cols, x);
  }

  @ParameterizedTest
  @ValueSource(strings = {"identity", "relu", "sigmoid", "tanh", "softmax", "softplus",
      "softsign", "selu", "hard_sigmoid", "silu", "gelu", "{type: gelu, approximate: tanh}",
      "leaky_relu", "{type: leaky_relu, alpha: 0.3}", "elu", "{type: elu, alpha: 0.5}"})
  void eachActivationMatches(String activation) throws Exception {
    Model model = model("""
        inputs: 6
        seed: 3
        layers:
          - units: 9
            activation: %s
          - type: activation
            activation: %s
          - units: 4
            bias: false
            activation: identity
        """.formatted(activation, activation), none(6), 11);
    // -4..4 reaches both sides of every kink (hard_sigmoid's ±3, relu's 0)
    assertThat(OrtRunner.largestDifference(activation, model, uniform(64, 6, -4, 4, 5)))
        .isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void theInputScalingIsInTheGraph() throws Exception {
    Scaler scaler = new Scaler("standard", new float[] {10, -3, 0.5f}, new float[] {4, 0.25f, 2});
    Model model = model("""
        inputs: 3
        seed: 1
        layers:
          - units: 5
            activation: tanh
          - units: 2
            activation: softmax
        """, scaler, 2);
    Matrix raw = uniform(40, 3, -20, 20, 3);
    assertThat(OrtRunner.largestDifference("scaling", model, raw)).isLessThanOrEqualTo(TOLERANCE);
    // without the scaling in the graph the outputs would differ
    Model unscaled = new Model("u", model.network(), none(3), List.of(), model.loss(), null,
        null);
    Matrix exported = OrtRunner.run(OnnxExport.toBytes(model), raw);
    Matrix plain = unscaled.predict(raw);
    double largest = 0;
    for (int i = 0; i < plain.data().length; i++) {
      largest = Math.max(largest, Math.abs(plain.data()[i] - exported.data()[i]));
    }
    assertThat(largest).isGreaterThan(1e-2);
  }

  @Test
  void aGraphWithAddAndConcatMatches() throws Exception {
    Model model = model("""
        inputs: 5
        seed: 4
        layers:
          - name: stem
            units: 8
            activation: relu
          - name: branch
            units: 8
            activation: tanh
          - name: sum
            type: add
            inputs: [stem, branch, stem]
          - name: joined
            type: concat
            inputs: [sum, input, branch]
          - type: dropout
            rate: 0.5
          - units: 3
            activation: softmax
        """, new Scaler("minmax", new float[] {0, 1, 2, 3, 4}, new float[] {1, 2, 3, 4, 5}), 7);
    assertThat(OrtRunner.largestDifference("add+concat graph", model,
        uniform(50, 5, -2, 6, 8))).isLessThanOrEqualTo(TOLERANCE);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // conv (padding, stride), batch norm on images, max pooling, flatten
      """
      - {type: conv2d, outChannels: 4, kernel: 3, padding: 1}
      - {type: batch_norm, epsilon: 0.001}
      - {type: max_pool2d, kernel: 2}
      - {type: flatten}
      - {units: 3, activation: relu}
      """,
      // groups, dilation, stride, no bias; average pooling with padding; global pooling
      """
      - {type: conv2d, outChannels: 6, kernel: 2, stride: 2, dilation: 2, groups: 2, bias: false}
      - {type: avg_pool2d, kernel: 3, stride: 1, padding: 1}
      - {type: global_avg_pool2d}
      - {type: layer_norm}
      - {units: 2}
      """,
      // pooling with padding and stride, a concat of images along channels, batch norm on vectors
      """
      - {name: a, type: conv2d, outChannels: 3, kernel: 1}
      - {name: b, type: max_pool2d, kernel: 3, stride: 1, padding: 1, inputs: [input]}
      - {type: concat, inputs: [a, b]}
      - {type: avg_pool2d, kernel: 2, stride: 2}
      - {units: 5, activation: elu}
      - {type: batch_norm}
      - {type: layer_norm, epsilon: 0.01}
      - {units: 2, activation: sigmoid}
      """})
  void imageLayersMatch(String layers) throws Exception {
    String network = "inputs: [2, 6, 6]\nseed: 9\nlayers:\n" + layers.indent(2);
    Model model = model(network, none(72), 13);
    assertThat(OrtRunner.largestDifference("image net " + layers.lines().count() + " layers",
        model, uniform(16, 72, -3, 3, 14))).isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void embeddingMatches() throws Exception {
    Model model = model("""
        inputs: 4
        seed: 2
        layers:
          - {type: embedding, numEmbeddings: 7, embeddingDim: 3}
          - {units: 2, activation: tanh}
        """, none(4), 3);
    SplittableRandom random = new SplittableRandom(6);
    float[] ids = new float[30 * 4];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = random.nextInt(7);
    }
    assertThat(OrtRunner.largestDifference("embedding", model, new Matrix(30, 4, ids)))
        .isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void aLayerWithNoOperatorIsAnErrorNamingIt() {
    Model model = model("""
        inputs: 3
        layers:
          - units: 4
          - name: gain
            type: scale
          - units: 2
        """, none(3), 1);
    assertThatThrownBy(() -> OnnxExport.toBytes(model))
        .isInstanceOf(OnnxExportException.class)
        .hasMessageContaining("layer 'gain' (type scale, com.example.nn4j.ScaleProvider) has no"
            + " ONNX operator")
        .hasMessageContaining("conv2d").hasMessageContaining("gelu");
  }

  @Test
  void anActivationWithNoOperatorIsAnErrorNamingIt() {
    Model model = model("""
        inputs: 3
        layers:
          - units: 4
            activation: mish
          - units: 2
        """, none(3), 1);
    assertThatThrownBy(() -> OnnxExport.toBytes(model))
        .isInstanceOf(OnnxExportException.class)
        .hasMessageContaining("layer 'layers[0]': the activation mish")
        .hasMessageContaining("has no ONNX operator");
  }

  @Test
  void writesAFileThatRuns(@TempDir Path dir) throws Exception {
    Model model = model("inputs: 2\nlayers:\n  - {units: 2, activation: relu}\n", none(2), 4);
    Path file = dir.resolve("m.onnx");
    OnnxExport.write(model, file);
    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes).isEqualTo(OnnxExport.toBytes(model));
    Matrix x = uniform(3, 2, -1, 1, 1);
    assertThat(OrtRunner.run(bytes, x).data()).containsExactly(model.predict(x).data());
  }
}
