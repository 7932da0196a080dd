package dev.nn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.api.Matrix;
import dev.nn4j.core.EpochResult;
import dev.nn4j.core.Evaluation;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.TrainingListener;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import dev.nn4j.core.model.Training;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every task of the code-first example does what the documentation says it does. */
class JavaApiExampleTest {

  @Test
  void aNetworkBuiltInCodeTrainsOnInMemoryDataAndClassifiesByName(@TempDir Path dir) {
    Path checkpoint = dir.resolve("flowers.ckpt");
    Training.Result r = JavaApiExample.buildAndTrain(JavaApiExample.flowers(300, 1),
        JavaApiExample.flowers(60, 2), checkpoint);
    assertThat(r.history().epochs().get(0).metrics()).containsKey("val_loss");
    assertThat(r.model().classes()).isEqualTo(JavaApiExample.SPECIES);
    assertThat(r.model().scaler().kind()).isEqualTo("standard");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String first = JavaApiExample.classify(r.model(), new PrintStream(out, true,
        StandardCharsets.UTF_8));
    assertThat(first).isEqualTo("small");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("large (p = ");
    if (r.history().epochs().size() >= 10) {
      assertThat(Files.exists(checkpoint)).isTrue();
    }
  }

  @Test
  void aConfigTrainsOnInMemoryDataAndTheLoadedModelTakesTheRawSplits(@TempDir Path dir) {
    Training.Result r = JavaApiExample.trainConfig(JavaApiExample.flowers(300, 3));
    assertThat(r.rawSplits().test().size()).isEqualTo(60);
    Evaluation loaded = JavaApiExample.saveAndLoad(r, dir.resolve("config.nn4j"));
    assertThat(loaded).isEqualTo(r.test());
    assertThat(loaded.accuracy()).isGreaterThan(0.9);
  }

  @Test
  void aNetworkSavesWithDefaultsOrABuildersParts(@TempDir Path dir) {
    PluginRegistry registry = PluginRegistry.discover();
    Network network = Network.builder(registry).inputs(2).dense(3, "softmax").build();
    Model model = JavaApiExample.saveANetwork(network, dir);
    assertThat(ModelFile.load(dir.resolve("plain.nn4j"), registry).classes()).isEmpty();
    assertThat(ModelFile.load(dir.resolve("flowers.nn4j"), registry).classes())
        .isEqualTo(model.classes());
    assertThat(JavaApiExample.withHostThreads(dir.resolve("flowers.nn4j"),
        Matrix.of(new float[] {1, 2}))).isIn(JavaApiExample.SPECIES);
  }

  @Test
  void theListenerBoundWithGuiceHearsTheTraining() {
    List<Integer> epochs = new ArrayList<>();
    JavaApiExample.withGuice(JavaApiExample.flowers(60, 4), new TrainingListener() {
      @Override
      public void onEpochEnd(EpochResult epoch) {
        epochs.add(epoch.epoch());
      }
    });
    assertThat(epochs).hasSize(20);
  }
}
