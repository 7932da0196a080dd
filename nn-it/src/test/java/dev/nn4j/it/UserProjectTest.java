package dev.nn4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.PluginKind;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.backend.Backends;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.model.Training;
import dev.nn4j.onnx.OnnxExport;
import dev.nn4j.optimizers.SgdProvider;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a Java user gets from the one dependency nn4j-all, with nn-bom imported: the built-in
 * plugins and the Vector API backend are found, and XOR trains from YAML and from Java. This
 * project has no parent, so neither nn4j-parent nor nn-core's test dependencies supply anything.
 */
class UserProjectTest {

  private static final String XOR_YAML = """
      name: xor
      data:
        features: [[0, 0], [0, 1], [1, 0], [1, 1]]
        targets: [[0], [1], [1], [0]]
      network:
        inputs: 2
        seed: 1
        layers:
          - units: 4
            activation: tanh
          - units: 1
            activation: sigmoid
      loss: squared_error
      optimizer:
        type: sgd
        learningRate: 1.0
      training:
        epochs: 2000
        batchSize: 0
        shuffle: false
      """;

  private static final float[][] FEATURES = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  private static final float[][] TARGETS = {{0}, {1}, {1}, {0}};

  @Test
  void theBuiltInPluginsAndTheVectorBackendAreOnTheClassPath() {
    PluginRegistry registry = PluginRegistry.discover();

    assertTrue(registry.names(PluginKind.ACTIVATION).contains("tanh"), registry::toString);
    assertTrue(registry.names(PluginKind.LOSS).contains("mse"), registry::toString);
    assertTrue(registry.names(PluginKind.OPTIMIZER).contains("sgd"), registry::toString);
    assertEquals("vector", Backends.choose(null, getClass().getClassLoader()).name());
  }

  @Test
  void xorTrainsFromYaml() {
    PluginRegistry registry = PluginRegistry.discover();
    ModelSpec spec = new ConfigReader(registry).read(XOR_YAML, "xor.yaml", Path.of("."));

    Network network = Training.run(spec, registry, List.of()).model().network();

    assertLearnedXor(network);
  }

  @Test
  void theOptionalNnOnnxExportsATrainedModel() {
    PluginRegistry registry = PluginRegistry.discover();
    ModelSpec spec = new ConfigReader(registry).read(XOR_YAML, "xor.yaml", Path.of("."));
    byte[] onnx = OnnxExport.toBytes(Training.run(spec, registry, List.of()).model(), registry);
    // a ModelProto starts with its ir_version field: tag 0x08, then the version
    assertEquals(0x08, onnx[0]);
    assertEquals(OnnxExport.IR_VERSION, onnx[1]);
  }

  @Test
  void xorTrainsFromJava() {
    PluginRegistry registry = PluginRegistry.discover();
    Network network = Network.builder(registry)
        .inputs(2).seed(1)
        .dense(4, "tanh")
        .dense(1, "sigmoid")
        .build();
    Trainer trainer = Trainer.builder(registry)
        .loss("squared_error")
        .optimizer(PluginSpec.of("sgd", new SgdProvider.Parameters(1.0)))
        .fullBatch()
        .epochs(2000)
        .build();

    trainer.fit(network, new Dataset(Matrix.of(FEATURES), Matrix.of(TARGETS)));

    assertLearnedXor(network);
  }

  private static void assertLearnedXor(Network network) {
    for (int i = 0; i < FEATURES.length; i++) {
      float[] input = FEATURES[i];
      float output = network.predict(input)[0];
      assertEquals(TARGETS[i][0], Math.round(output), 0,
          () -> "XOR" + java.util.Arrays.toString(input) + " = " + output);
    }
  }
}
