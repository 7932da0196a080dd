package dev.nn4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.NnException;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.EarlyStopping;
import dev.nn4j.core.EpochResult;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingListener;
import dev.nn4j.core.backend.JavaBackend;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.data.Scaler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code-first API: models built and saved from code, training on in-memory data. */
class TrainingApiTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();
  private static final List<String> CLASSES = List.of("left", "middle", "right");

  /** Three blobs along x around 100 (so that scaling matters), one-hot targets. */
  static Dataset blobs(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] x = new float[n][];
    float[][] y = new float[n][];
    for (int i = 0; i < n; i++) {
      int c = i % 3;
      x[i] = new float[] {100 + 10 * c + (float) random.nextGaussian(),
          50 + (float) random.nextGaussian()};
      y[i] = new float[3];
      y[i][c] = 1;
    }
    return new Dataset(Matrix.of(x), Matrix.of(y));
  }

  private static final String CONFIG = """
      name: blobs
      network:
        inputs: 2
        seed: 3
        layers:
          - units: 8
            activation: tanh
          - units: 3
            activation: softmax
      loss: categorical_cross_entropy
      optimizer:
        type: adam
        learningRate: 0.05
      training:
        epochs: 30
        batchSize: 16
        seed: 5
        validationSplit: 0.2
        testSplit: 0.2
      """;

  private static ModelSpec spec(String extra) {
    return new ConfigReader(REGISTRY).read(CONFIG + extra, "blobs.yaml", null);
  }

  @Test
  void aModelFromCodeHasDefaultsAndSavesInOneCall(@TempDir Path dir) {
    Network network = Network.builder(REGISTRY).inputs(2).seed(1).dense(3, "softmax").build();
    Model model = Model.of(network);
    assertThat(model.name()).isEqualTo("model");
    assertThat(model.scaler()).isEqualTo(Scaler.identity(2));
    assertThat(model.classes()).isEmpty();
    assertThat(model.loss().name()).isEqualTo("squared_error");
    Path file = dir.resolve("m.nn4j");
    ModelFile.save(network, file);
    Matrix x = Matrix.of(new float[] {1, 2}, new float[] {-3, 4});
    assertThat(ModelFile.load(file, REGISTRY).predict(x).data())
        .containsExactly(network.predict(x).data());

    Model named = Model.builder(network).name("blobs").classes(CLASSES)
        .scaler(Scaler.fit("standard", x)).loss("categorical_cross_entropy").build();
    ModelFile.save(named, file);
    Model loaded = ModelFile.load(file, REGISTRY);
    assertThat(loaded.classes()).isEqualTo(CLASSES);
    assertThat(loaded.scaler()).isEqualTo(named.scaler());
    assertThat(loaded.toBuilder().name("other").build().classes()).isEqualTo(CLASSES);
    assertThatThrownBy(() -> Model.builder(network).classes("a", "b").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 class names");
    assertThatThrownBy(() -> Model.builder(network).scaler(Scaler.identity(5)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 features");
  }

  @Test
  void aConfigTrainsOnInMemoryDataExactlyAsOnItsOwnDataSection() {
    Dataset data = blobs(60, 11);
    Training.Result inMemory = Training.builder(spec(""), REGISTRY).data(data)
        .classes(CLASSES).scaling("standard").run();
    StringBuilder inline = new StringBuilder("data:\n  scaling: standard\n  classes: [left, "
        + "middle, right]\n  features: [");
    StringBuilder targets = new StringBuilder("  targets: [");
    for (int i = 0; i < data.size(); i++) {
      inline.append(i == 0 ? "" : ", ").append(row(data.features().row(i)));
      targets.append(i == 0 ? "" : ", ").append(row(data.targets().row(i)));
    }
    Training.Result yaml = Training.run(spec(inline + "]\n" + targets + "]\n"), REGISTRY,
        List.of());
    assertThat(inMemory.model().network().parameters().get(0).value())
        .containsExactly(yaml.model().network().parameters().get(0).value());
    assertThat(inMemory.history().epochs()).hasSize(30);
    assertThat(inMemory.rawSplits().validation().size()).isEqualTo(12);
    assertThat(inMemory.rawSplits().test().size()).isEqualTo(12);
    assertThat(inMemory.test().accuracy()).isGreaterThan(0.9);
    assertThat(inMemory.testMetrics()).containsKey("accuracy");
  }

  private static String row(float[] values) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(values[i]);
    }
    return sb.append(']').toString();
  }

  @Test
  void theSplitsAreRawSoTheModelScalesThemOnce() {
    Dataset data = blobs(60, 12);
    Training.Result r = Training.builder(spec(""), REGISTRY).data(data).classes(CLASSES)
        .scaling("standard").run();
    Dataset test = r.rawSplits().test();
    // raw: every test row is a row of the data as given, around (110, 50), not around 0
    assertThat(test.features().get(0, 1)).isBetween(45f, 55f);
    Matrix expected = r.model().network().predict(r.model().scaler().apply(test.features()));
    assertThat(r.model().predict(test.features()).data()).containsExactly(expected.data());
    assertThat(r.model().evaluate(test, REGISTRY)).isEqualTo(r.test());
    List<Model.Classification> classified = r.model().classify(test.features());
    assertThat(classified).hasSize(test.size());
    int right = 0;
    for (int i = 0; i < test.size(); i++) {
      Model.Classification c = classified.get(i);
      assertThat(c.label()).isEqualTo(CLASSES.get(c.index()));
      assertThat(c.probability()).isEqualTo(c.scoreOf(c.label())).isBetween(0f, 1f);
      right += test.targets().get(i, c.index()) == 1 ? 1 : 0;
    }
    assertThat(right).isGreaterThanOrEqualTo(test.size() - 1);
    assertThatThrownBy(() -> Model.of(r.model().network()).classify(test.features()))
        .isInstanceOf(NnException.class).hasMessageContaining("no classes");
  }

  @Test
  void aNetworkBuiltInCodeTrainsWithValidationEarlyStoppingAndCheckpoints(@TempDir Path dir) {
    Network network = Network.builder(REGISTRY).inputs(2).seed(4).dense(8, "tanh")
        .dense(3, "softmax").backend(new JavaBackend(1)).build();
    Dataset train = blobs(60, 13);
    Dataset validation = blobs(30, 14);
    List<Integer> epochs = new ArrayList<>();
    Path checkpoint = dir.resolve("run.ckpt");
    Training.Result r = Training.builder(network, Trainer.builder(REGISTRY)
            .loss("categorical_cross_entropy").optimizer("adam").epochs(200).batchSize(20)
            .earlyStopping(EarlyStopping.on("val_loss", 2, 0.05)))
        .data(train).validation(validation).scaling("minmax").classes(CLASSES)
        .checkpoint(checkpoint, 2)
        .listeners(new TrainingListener() {
          @Override
          public void onEpochEnd(EpochResult epoch) {
            epochs.add(epoch.epoch());
          }
        })
        .run();
    assertThat(r.model().network()).isSameAs(network);
    assertThat(r.history().stoppedEarly()).isTrue();
    assertThat(epochs).hasSizeLessThan(200).hasSize(r.history().epochs().size());
    assertThat(r.history().epochs().get(0).metrics()).containsKey("val_loss");
    assertThat(r.rawSplits().validation()).isSameAs(validation);
    assertThat(r.rawSplits().train().size()).isEqualTo(60);
    assertThat(r.model().scaler().kind()).isEqualTo("minmax");
    assertThat(r.model().loss().name()).isEqualTo("categorical_cross_entropy");
    assertThat(r.checkpoint()).isEqualTo(checkpoint);
    assertThat(Files.exists(checkpoint)).isTrue();
    Checkpoint saved = Checkpoint.load(checkpoint, REGISTRY, new JavaBackend(1));
    assertThat(saved.model().classes()).isEqualTo(CLASSES);
    assertThat(saved.state().epoch() % 2).isZero();
  }

  @Test
  void aConfigsNetworkIsBuiltOnTheBackendTheBuilderIsGiven() {
    JavaBackend mine = new JavaBackend(1);
    Training.Result r = Training.builder(spec(""), REGISTRY).data(blobs(30, 15)).backend(mine)
        .run();
    assertThat(r.model().network().backend()).isSameAs(mine);
  }

  @Test
  void noDataIsAnErrorThatSaysHowToGiveIt() {
    assertThatThrownBy(() -> Training.builder(spec(""), REGISTRY).run())
        .isInstanceOf(NnException.class).hasMessageContaining("data(...)");
  }

  @Test
  void aModelLoadsOntoTheBackendItIsGiven(@TempDir Path dir) {
    Network network = Network.builder(REGISTRY).inputs(2).seed(1).dense(3, "softmax").build();
    Path file = dir.resolve("m.nn4j");
    ModelFile.save(network, file);
    JavaBackend mine = new JavaBackend(1);
    assertThat(ModelFile.load(file, REGISTRY, mine).network().backend()).isSameAs(mine);
  }
}
