package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.api.ConfigException;
import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.config.NetworkSpec;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import dev.nn4j.core.data.Scaler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The graph form of {@code network.layers}: named layers, {@code inputs}, add and concat. */
class GraphTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();
  private static final ConfigReader READER = new ConfigReader(REGISTRY);
  private static final Loss LOSS = REGISTRY.newLoss(PluginSpec.of("squared_error"));

  private static final String RESIDUAL = """
      network:
        inputs: 3
        layers:
          - name: stem
            units: 4
            activation: tanh
          - name: branch
            units: 4
            activation: tanh
          - name: sum
            type: add
            inputs: [stem, branch]
          - name: both
            type: concat
            inputs: [sum, input]
          - units: 2
            activation: sigmoid
      data:
        features: [[0, 0, 1], [0, 1, 0], [1, 0, 0], [1, 1, 1]]
        targets: [[0, 1], [1, 0], [1, 0], [0, 1]]
      """;

  private static NetworkSpec network(String yaml) {
    ModelSpec spec = READER.read(yaml, "graph.yaml", Path.of("."));
    return spec.network();
  }

  private static Matrix batch(int rows, int cols, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[rows * cols];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble(-1, 1);
    }
    return new Matrix(rows, cols, x);
  }

  @Test
  void aResidualGraphRunsInTopologicalOrderWithTheShapesItInfers() {
    Network net = network(RESIDUAL).build(REGISTRY);
    assertThat(net.layers()).extracting(n -> n.shape().toString())
        .containsExactly("4", "4", "4", "7", "2");
    assertThat(net.layers().get(3).name()).isEqualTo("both");
    // the output by hand from the layers' own parameters
    Matrix x = batch(2, 3, 1);
    float[] w0 = net.layers().get(0).parameter("weights");
    float[] b0 = net.layers().get(0).parameter("biases");
    float[] w1 = net.layers().get(1).parameter("weights");
    float[] b1 = net.layers().get(1).parameter("biases");
    float[] w4 = net.layers().get(4).parameter("weights");
    float[] b4 = net.layers().get(4).parameter("biases");
    Matrix out = net.predict(x);
    for (int r = 0; r < 2; r++) {
      double[] stem = new double[4];
      for (int j = 0; j < 4; j++) {
        double z = b0[j];
        for (int k = 0; k < 3; k++) {
          z += w0[j * 3 + k] * x.get(r, k);
        }
        stem[j] = Math.tanh(z);
      }
      double[] both = new double[7];
      for (int j = 0; j < 4; j++) {
        double z = b1[j];
        for (int k = 0; k < 4; k++) {
          z += w1[j * 4 + k] * stem[k];
        }
        both[j] = stem[j] + Math.tanh(z);
      }
      for (int k = 0; k < 3; k++) {
        both[4 + k] = x.get(r, k);
      }
      for (int j = 0; j < 2; j++) {
        double z = b4[j];
        for (int k = 0; k < 7; k++) {
          z += w4[j * 7 + k] * both[k];
        }
        assertThat((double) out.get(r, j)).isCloseTo(1 / (1 + Math.exp(-z)), within(1e-6));
      }
    }
  }

  @Test
  void gradientsAccumulateWhereAnOutputFansOut() {
    Network net = network(RESIDUAL).build(REGISTRY);
    Matrix x = batch(3, 3, 2);
    Matrix y = batch(3, 2, 3);
    Backpropagation backprop = new Backpropagation(net, LOSS, 3);
    backprop.pass(x, y);
    float[][] analytic = backprop.parameters().stream().map(p -> p.gradient().clone())
        .toArray(float[][]::new);
    for (int q = 0; q < analytic.length; q++) {
      Parameter p = backprop.parameters().get(q);
      for (int i = 0; i < p.size(); i++) {
        float original = p.value()[i];
        p.value()[i] = original + 1e-2f;
        double plus = LOSS.value(net.predict(x), y);
        p.value()[i] = original - 1e-2f;
        double minus = LOSS.value(net.predict(x), y);
        p.value()[i] = original;
        assertThat((double) analytic[q][i]).as("%s[%d]", p.name(), i)
            .isCloseTo((plus - minus) / 2e-2, within(2e-5));
      }
    }
  }

  @Test
  void aChainWrittenAsAGraphIsTheSameNetworkBitForBit() {
    String sequential = """
        network:
          inputs: 3
          layers:
            - units: 5
              activation: relu
            - units: 2
              activation: sigmoid
        data:
          features: [[0, 0, 1]]
          targets: [[0, 1]]
        """;
    String graph = sequential.replace("    - units: 5", "    - name: hidden\n      units: 5")
        .replace("    - units: 2", "    - inputs: [hidden]\n      units: 2");
    Network a = network(sequential).build(REGISTRY);
    Network b = network(graph).build(REGISTRY);
    Matrix x = batch(4, 3, 4);
    assertThat(b.predict(x)).isEqualTo(a.predict(x));
    Matrix y = batch(4, 2, 5);
    Trainer.builder(REGISTRY).epochs(3).batchSize(2).build().fit(a, new Dataset(x, y));
    Trainer.builder(REGISTRY).epochs(3).batchSize(2).build().fit(b, new Dataset(x, y));
    assertThat(b.predict(x)).isEqualTo(a.predict(x));
  }

  @Test
  void graphMistakesAreConfigErrorsWithTheirLocation() {
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> network(RESIDUAL.replace("inputs: [stem, branch]",
            "inputs: [stem, brnch]")).build(REGISTRY))
        .withMessageContaining("graph.yaml:10:7: network.layers[2]: inputs names 'brnch', but no"
            + " layer has that name");
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> network(RESIDUAL.replace("activation: tanh\n    - name: sum",
            "activation: tanh\n      inputs: [sum]\n    - name: sum")).build(REGISTRY))
        .withMessageContaining("network.layers[1]: the layers form a cycle");
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> network(RESIDUAL.replace("inputs: [sum, input]",
            "inputs: [stem, input]")).build(REGISTRY))
        .withMessageContaining("network.layers[1]: this layer does not lead to the output");
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> network(RESIDUAL.replace("name: branch\n      units: 4",
            "name: branch\n      units: 5")).build(REGISTRY))
        .withMessageContaining("graph.yaml:10:7: network.layers[2]: add takes inputs of one shape"
            + " but was given [4, 5]");
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> network(RESIDUAL.replace("- name: branch", "- name: stem"))
            .build(REGISTRY))
        .withMessageContaining("network.layers[1]: the name 'stem' is already layers[0]'s");
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> network(RESIDUAL.replace("inputs: [sum, input]", "inputs: [sum]"))
            .build(REGISTRY))
        .withMessageContaining("a concat layer takes two or more inputs but is given 1");
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> network(RESIDUAL.replace("type: add", "type: ad")))
        .withMessageContaining("graph.yaml:11:13: network.layers[2].type")
        .withMessageContaining("did you mean 'add'");
  }

  @Test
  void theSameGraphFromJava() {
    Network fromYaml = network(RESIDUAL).build(REGISTRY);
    Network fromJava = Network.builder(REGISTRY).inputs(3)
        .dense(4, "tanh").name("stem")
        .dense(4, "tanh").name("branch")
        .layer(PluginSpec.of("add")).name("sum").from("stem", "branch")
        .layer(PluginSpec.of("concat")).from("sum", "input")
        .dense(2, "sigmoid").build();
    Matrix x = batch(3, 3, 6);
    assertThat(fromJava.predict(x)).isEqualTo(fromYaml.predict(x));
  }

  @Test
  void aGraphRoundTripsThroughAModelFileOfFormat2(@TempDir Path dir) throws Exception {
    Network net = network(RESIDUAL).build(REGISTRY);
    Model model = new Model("g", net, Scaler.fit("none", Matrix.zeros(1, 3)), List.of(),
        PluginSpec.of("squared_error", dev.nn4j.api.NoParameters.INSTANCE), null, null);
    Path file = dir.resolve("g.nn4j");
    ModelFile.save(model, file);
    Model loaded = ModelFile.load(file, REGISTRY);
    Matrix x = batch(5, 3, 7);
    assertThat(loaded.network().predict(x)).isEqualTo(net.predict(x));
    assertThat(loaded.network().layers().get(2).name()).isEqualTo("sum");
    try (var zip = new java.util.zip.ZipFile(file.toFile())) {
      assertThat(zip.getEntry("layers/4/weights.f32")).isNotNull();
      assertThat(zip.getEntry("layers/4/biases.f32")).isNotNull();
      assertThat(new String(zip.getInputStream(zip.getEntry("manifest.json")).readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8)).contains("\"version\" : 2");
    }
    assertThat(Files.size(file)).isPositive();
  }

  @Test
  void sparseTargetsAreOneColumnOfClassIndices() {
    String yaml = """
        network:
          inputs: 2
          layers:
            - units: 8
              activation: tanh
            - units: 3
              activation: softmax
        loss: sparse_categorical_cross_entropy
        optimizer: {type: adam, learningRate: 0.05}
        training: {epochs: 200, batchSize: 0, validationSplit: 0, metrics: [loss, accuracy]}
        data:
          features: [[0, 0], [0, 1], [1, 0], [1, 1], [0.1, 0.1], [0.9, 0.1]]
          targets: [[0], [1], [2], [1], [0], [2]]
        """;
    ModelSpec spec = READER.read(yaml, "sparse.yaml", Path.of("."));
    var result = dev.nn4j.core.model.Training.run(spec, REGISTRY, List.of());
    Matrix features = result.rawSplits().train().features();
    Matrix out = result.model().network().predict(features);
    assertThat(dev.nn4j.core.ConfusionMatrix.of(out, result.rawSplits().train().targets())
        .accuracy()).isEqualTo(1.0);
  }
}
