package dev.nn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the nn4j command in-process and checks its output and exit codes. */
class MainTest {

  @TempDir
  Path dir;

  /** The output, messages and exit code of one command line. */
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  private Path trainIris() {
    Path model = dir.resolve("iris.nn4j");
    Run run = run("train", "--out", model.toString());
    assertThat(run.code()).as(run.err()).isZero();
    return model;
  }

  @Test
  void trainWithoutAConfigTrainsTheBuiltInIrisExample() throws IOException {
    Path model = dir.resolve("models/iris.nn4j");
    long copiesBefore = builtInCopies();
    Run run = run("train", "--out", model.toString());
    assertThat(builtInCopies()).as("the built-in example's temporary copy is deleted")
        .isEqualTo(copiesBefore);
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("training iris from the built-in iris example")
        .contains("epoch   1/150  loss ")
        .contains("epoch 150/150  loss ")
        .contains("val_accuracy")
        .contains("network: 4 inputs -> 16 tanh -> 3 sigmoid, 131 parameters")
        .contains("samples: 105 training, 15 validation, 30 test")
        .contains("test:  loss ")
        .contains("accuracy 1.0000")
        .contains("actual \\ predicted     setosa versicolor  virginica precision  recall      f1\n"
            + "setosa                     13          0          0    1.0000  1.0000  1.0000\n")
        .contains("model written to " + model)
        .contains("chart written to " + dir.resolve("models/iris.png"));
    assertThat(model).isRegularFile();
    byte[] png = Files.readAllBytes(dir.resolve("models/iris.png"));
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
  }

  /** How many temporary copies of the built-in example are in the system's temporary folder. */
  private static long builtInCopies() throws IOException {
    try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(p -> p.getFileName().toString().startsWith("nn4j-iris")).count();
    }
  }

  @Test
  void epochsAndSeedOverrideTheConfig() {
    Run run = run("train", "--epochs", "3", "--seed", "5", "--no-chart", "--out",
        dir.resolve("m.nn4j").toString());
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("epoch 3/3").doesNotContain("epoch 4/").doesNotContain(
        "chart written");
  }

  @Test
  void aMistakeInTheConfigExitsWithTwoAndNoStackTrace() throws IOException {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, """
        network:
          inputs: 2
          layers:
            - {units: 1, activation: sigmod}
        data: {features: [[1, 2]], targets: [[1]]}
        """);
    Run run = run("train", config.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).startsWith("nn4j train: " + config + ":4:30: network.layers[0]"
        + ".activation: unknown activation 'sigmod'; did you mean 'sigmoid'?")
        .doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void aConfigWithoutDataIsExitTwoSayingWhereDataGoes() throws IOException {
    Path config = dir.resolve("nodata.yaml");
    Files.writeString(config, "network: {inputs: 2, layers: [{units: 1, activation: sigmoid}]}\n");
    Run run = run("train", config.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains(config + " has no data section; nn4j train needs one")
        .doesNotContain("\tat ");
  }

  @Test
  void aMissingFileExitsWithTwo() {
    Run run = run("train", dir.resolve("nothing.yaml").toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("nothing.yaml: no such file").doesNotContain("\tat ");
    Run model = run("inspect", dir.resolve("nothing.nn4j").toString());
    assertThat(model.code()).isEqualTo(2);
    assertThat(model.err()).contains("nothing.nn4j: no such file");
  }

  @Test
  void anInternalErrorExitsWithOneAndShowsTheStackTrace() throws IOException {
    Path config = dir.resolve("exploding.yaml");
    Files.writeString(config, """
        network: {inputs: 1, layers: [{units: 1}]}
        loss: exploding
        data: {features: [[1]], targets: [[1]]}
        """);
    Run run = run("train", config.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("nn4j: internal error, please report it: "
        + "java.lang.IllegalStateException: a bug in the exploding loss").contains("\tat ");
  }

  @Test
  void usageMistakesExitWithTwo() {
    assertThat(run().code()).isEqualTo(2);
    assertThat(run("trian").code()).isEqualTo(2);
    Run unknownOption = run("train", "--epoks", "3");
    assertThat(unknownOption.code()).isEqualTo(2);
    assertThat(unknownOption.err()).contains("Unknown option: '--epoks'");
    assertThat(run("train", "--epochs", "0").err()).contains("--epochs must be at least 1");
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"train", "evaluate", "predict", "inspect", "plugins"}) {
      Run run = run(command, "--help");
      assertThat(run.code()).isZero();
      assertThat(run.out()).contains("Usage: nn4j " + command);
    }
    assertThat(run("--help").out()).contains("train", "evaluate", "predict", "inspect",
        "plugins");
  }

  @Test
  void evaluateMeasuresAModelOnALabelledFile() throws IOException {
    Path model = trainIris();
    Path data = dir.resolve("some-iris.csv");
    Files.writeString(data, """
        header line, skipped like the training file's
        5.1,3.5,1.4,0.2,0
        6.4,3.2,4.5,1.5,1
        6.3,3.3,6.0,2.5,2
        """);
    Run run = run("evaluate", model.toString(), data.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("iris on " + data + ": loss ").contains("accuracy 1.0000")
        .contains("(3 samples)");
  }

  @Test
  void predictPrintsTheClassAndItsProbabilitiesAsCsv() throws IOException {
    Path model = trainIris();
    Path input = dir.resolve("flowers.csv");
    Files.writeString(input, "5.1,3.5,1.4,0.2\n6.3,3.3,6.0,2.5\n");
    Run run = run("predict", model.toString(), input.toString());
    assertThat(run.code()).as(run.err()).isZero();
    String[] lines = run.out().split("\\R");
    assertThat(lines[0]).isEqualTo("class,p_setosa,p_versicolor,p_virginica");
    assertThat(lines[1]).startsWith("setosa,");
    assertThat(lines[2]).startsWith("virginica,");
    Files.writeString(input, "5.1,3.5,1.4\n");
    Run wrong = run("predict", model.toString(), input.toString());
    assertThat(wrong.code()).isEqualTo(2);
    assertThat(wrong.err()).contains(input + ":1: expected 5 columns (laid out as the training "
        + "file) or 4 (its features only, in order), found 3");
  }

  @Test
  void inspectDescribesTheModel() {
    Path model = trainIris();
    Run run = run("inspect", model.toString(), "--weights");
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("model:      iris (format version 2)")
        .contains("layers[0]:  dense 4 -> 16, weights 16×4, bias 16, activation {\"type\":\"tanh\"}")
        .contains("parameters: 131")
        .contains("classes:    setosa, versicolor, virginica")
        .containsPattern("trained: +\\S+ with nn4j \\S+ on the \\w+ backend, .*, data sha256:[0-9a-f]{64}")
        .contains("\"weights\" : [ [");
  }

  @Test
  void inspectShowsAnImageInputsShape() throws IOException {
    StringBuilder features = new StringBuilder();
    StringBuilder targets = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      features.append(i > 0 ? ", " : "").append('[');
      for (int p = 0; p < 16; p++) {
        features.append(p > 0 ? ", " : "").append((i * 7 + p * 3) % 5);
      }
      features.append(']');
      targets.append(i > 0 ? ", " : "").append(i % 2 == 0 ? "[1, 0]" : "[0, 1]");
    }
    Path config = dir.resolve("tiny-cnn.yaml");
    Files.writeString(config, """
        name: tiny-cnn
        network:
          inputs: [1, 4, 4]
          seed: 1
          layers:
            - {type: conv2d, outChannels: 2, kernel: 3, padding: 1}
            - {type: flatten}
            - {units: 2, activation: softmax}
        loss: categorical_cross_entropy
        optimizer: {type: sgd, learningRate: 0.1}
        training: {epochs: 2, batchSize: 4}
        data:
          features: [%s]
          targets: [%s]
        """.formatted(features, targets));
    Path model = dir.resolve("tiny-cnn.nn4j");
    Run trained = run("train", config.toString(), "--no-chart", "--quiet", "--out",
        model.toString());
    assertThat(trained.code()).as(trained.err()).isZero();
    Run run = run("inspect", model.toString());
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("inputs:     1×4×4 (16 values)\n")
        .contains("\"bias\":true} [1×4×4] -> 2×4×4, weights 18, biases 2\n");
  }

  @Test
  void pluginsListsEveryKindWithParametersAndOrigin() {
    Run run = run("plugins");
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("activations:", "losses:", "optimizers:")
        .contains("  sgd  w <- w - learningRate * dC/dw")
        .contains("parameters: learningRate (a number, default 0.01)")
        .contains("  exploding")
        .contains("from:       ")
        // @Describe on a parameter, and where a default differs from PyTorch's
        .contains("momentumDecay (a number, default 0.004): ψ in μₜ = β₁(1 − ½·0.96^(t·ψ))")
        .contains("rho 0.9 and learningRate 0.001 are Keras's (PyTorch: alpha 0.99, lr 0.01)");
  }

  @Test
  void aBrokenPluginJarIsAClearMessage() throws IOException {
    Path jar = brokenPluginJar();
    Run run = run("--plugin-path", jar.toString(), "plugins");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("cannot load 1 plugin: ").contains("com.example.Gone")
        .contains("is listed in").doesNotContain("\tat ");
    Run missing = run("--plugin-path", dir.resolve("nowhere").toString(), "plugins");
    assertThat(missing.err()).contains("--plugin-path: no such jar or folder: ");
  }

  /** A jar whose services file lists a class it does not hold. */
  private Path brokenPluginJar() throws IOException {
    return servicesJar("broken-plugin.jar", "ActivationProvider", "com.example.Gone");
  }

  /** A jar holding only a services file for the given SPI that lists the given class. */
  private Path servicesJar(String name, String spi, String listed) throws IOException {
    Path jar = dir.resolve(name);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("META-INF/services/dev.nn4j.api.spi." + spi));
      out.write((listed + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }

  /** A provider that loads but is broken is rejected when the registry is built: exit 2. */
  @Test
  void aProviderWithoutDefaultsIsAClearMessage() throws IOException {
    Path jar = servicesJar("no-defaults.jar", "LossProvider",
        NoDefaultsLossProvider.class.getName());
    Run run = run("plugins", "--plugin-path", jar.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains(NoDefaultsLossProvider.class.getName() + " (from ")
        .contains("is broken: defaultParameters() returned null").doesNotContain("\tat ");
  }

  /** --plugin-path is read after the command too, and from both places at once. */
  @Test
  void pluginPathWorksAfterTheCommand() throws IOException {
    Path jar = brokenPluginJar();
    Run after = run("plugins", "--plugin-path", jar.toString());
    assertThat(after.code()).isEqualTo(2);
    assertThat(after.err()).contains("cannot load 1 plugin: ").contains("com.example.Gone");
    Run missing = run("plugins", "--plugin-path", dir.resolve("nowhere").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("--plugin-path: no such jar or folder: ");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Run both = run("--plugin-path", empty.toString(), "plugins", "--plugin-path", jar.toString());
    assertThat(both.err()).contains("com.example.Gone");
  }
}
