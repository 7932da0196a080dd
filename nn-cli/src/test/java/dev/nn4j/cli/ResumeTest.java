package dev.nn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.LayerNode;
import dev.nn4j.core.EpochResult;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.TrainingListener;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.model.Checkpoint;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import dev.nn4j.core.model.Training;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same config and seed give bit-identical weights, in this JVM and in a new one; 10 epochs
 * straight equal 5 epochs, a checkpoint, and 5 more resumed in a new JVM.
 */
class ResumeTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();

  @TempDir
  Path dir;

  /** A shuffled mini-batch run with momentum, dropout and a schedule: every kind of state. */
  private Path config() throws IOException {
    try (var iris = getClass().getResourceAsStream("/examples/data/iris.csv")) {
      Files.copy(iris, dir.resolve("iris.csv"));
    }
    Path config = dir.resolve("resume.yaml");
    Files.writeString(config, """
        name: resume
        data: {file: iris.csv, header: true, scaling: standard}
        network:
          inputs: 4
          seed: 11
          layers:
            - {units: 12, activation: relu, dropout: 0.2, l2: 0.001}
            - {units: 3, activation: softmax}
        loss: categorical_cross_entropy
        optimizer: {type: adam, learningRate: 0.01}
        training:
          epochs: 10
          batchSize: 16
          seed: 4
          validationSplit: 0.2
          schedule: {type: cosine, warmupSteps: 5, totalSteps: 80}
          checkpoint: {file: resume.ckpt, every: 5}
        """);
    return config;
  }

  private static Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** Runs the nn4j command in a new JVM with this test's class path. */
  private static int newJvm(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(java().toString(), "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    if (process.exitValue() != 0) {
      System.err.println(output);
    }
    return process.exitValue();
  }

  private static void assertSameWeights(Model a, Model b) {
    for (int l = 0; l < a.network().layers().size(); l++) {
      LayerNode x = a.network().layers().get(l);
      LayerNode y = b.network().layers().get(l);
      assertThat(y.parameter("weights")).as("layers[%d].weights", l).containsExactly(
          x.parameter("weights"));
      assertThat(y.parameter("biases")).as("layers[%d].biases", l)
          .containsExactly(x.parameter("biases"));
    }
  }

  @Test
  void tenEpochsStraightEqualFivePlusFiveResumedInANewJvm() throws Exception {
    Path config = config();
    ModelSpec spec = new ConfigReader(REGISTRY).read(config);

    Model straight = new Training(spec, REGISTRY, null, dir.resolve("straight.ckpt"))
        .run(List.of()).model();

    Training firstHalf = new Training(spec, REGISTRY, null, dir.resolve("half.ckpt"));
    Training.Result stopped = firstHalf.run(List.of(new TrainingListener() {
      @Override
      public void onEpochEnd(EpochResult epoch) {
        if (epoch.epoch() == 5) {
          firstHalf.requestStop();
        }
      }
    }));
    assertThat(stopped.history().interrupted()).isTrue();
    assertThat(stopped.history().epochs()).hasSize(5);
    Checkpoint checkpoint = Checkpoint.load(dir.resolve("half.ckpt"), REGISTRY);
    assertThat(checkpoint.state().epoch()).isEqualTo(5);

    Path resumed = dir.resolve("resumed.nn4j");
    assertThat(newJvm("train", config.toString(), "--resume", dir.resolve("half.ckpt").toString(),
        "--out", resumed.toString(), "--no-chart")).isZero();
    assertSameWeights(straight, ModelFile.load(resumed, REGISTRY));

    Path again = dir.resolve("again.nn4j");
    assertThat(newJvm("train", config.toString(), "--out", again.toString(), "--no-chart"))
        .isZero();
    assertSameWeights(straight, ModelFile.load(again, REGISTRY));
    assertSameWeights(straight, new Training(spec, REGISTRY, null, null).run(List.of()).model());
  }

  @Test
  void aDivergingRunStopsWithoutOverwritingWhatWasSaved() throws Exception {
    Path config = config();
    Files.writeString(config, Files.readString(config)
        .replace("{type: adam, learningRate: 0.01}", "{type: sgd, learningRate: 1.0e30}")
        .replace("every: 5", "every: 1"));
    Path model = dir.resolve("model.nn4j");
    Files.writeString(model, "the model of an earlier run");
    Files.writeString(dir.resolve("resume.ckpt"), "the checkpoint of an earlier run");
    MainTest.Run run = MainTest.run("train", config.toString(), "--out", model.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).containsPattern("training diverged at epoch 1, step \\d+: ")
        .doesNotContain("\tat ");
    assertThat(model).hasContent("the model of an earlier run");
    assertThat(dir.resolve("resume.ckpt")).hasContent("the checkpoint of an earlier run");
    assertThat(dir.resolve("model.png")).doesNotExist();
  }

  @Test
  void resumingWithAnotherNetworkIsAClearError() throws Exception {
    Path config = config();
    assertThat(MainTest.run("train", config.toString(), "--epochs", "5", "--out",
        dir.resolve("m.nn4j").toString(), "--no-chart").code()).isZero();
    Files.writeString(config, Files.readString(config).replace("units: 12", "units: 10"));
    MainTest.Run run = MainTest.run("train", config.toString(), "--resume",
        dir.resolve("resume.ckpt").toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("does not match the configuration's")
        .doesNotContain("\tat ");
  }
}
