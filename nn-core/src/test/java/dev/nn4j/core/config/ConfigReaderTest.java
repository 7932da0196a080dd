package dev.nn4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.api.ConfigException;
import dev.nn4j.core.Initializers;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.Regularization;
import dev.nn4j.optimizers.SgdProvider;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One test per kind of mistake: each names the file, the line, the column and the key path. */
class ConfigReaderTest {

  private static final ConfigReader READER = new ConfigReader(PluginRegistry.discover());

  private static final String VALID = """
      name: tiny
      network:
        inputs: 2
        layers:
          - units: 3
            activation: relu
          - units: 1
            activation:
              type: sigmoid
      loss: squared_error
      optimizer:
        type: sgd
        learningRate: 0.5
      training:
        epochs: 3
        batchSize: 2
      data:
        features: [[0, 0], [0, 1], [1, 0], [1, 1]]
        targets: [[0], [1], [1], [0]]
      """;

  private static ModelSpec read(String yaml) {
    return READER.read(yaml, "test.yaml", Path.of("."));
  }

  private static ThrowableAssertAlternative<ConfigException> mistake(String yaml) {
    return org.assertj.core.api.Assertions.assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> read(yaml));
  }

  @Test
  void readsAValidDocumentWithBareAndMapPlugins() {
    ModelSpec spec = read(VALID);
    assertThat(spec.name()).isEqualTo("tiny");
    assertThat(spec.network().layers()).hasSize(2);
    assertThat(spec.network().layers().get(0).activation().name()).isEqualTo("relu");
    assertThat(spec.optimizer().parameters()).isEqualTo(new SgdProvider.Parameters(0.5));
    assertThat(spec.loss().name()).isEqualTo("squared_error");
    assertThat(spec.training().epochs()).isEqualTo(3);
    assertThat(spec.training().shuffle()).isTrue();
    assertThat(spec.data().features().shape()).isEqualTo("4×2");
  }

  @Test
  void readsJsonToo() {
    ModelSpec spec = READER.read("""
        {"network": {"inputs": 1, "layers": [{"units": 1}]},
         "data": {"features": [[1]], "targets": [[2]]}}""", "tiny.json", Path.of("."));
    assertThat(spec.network().layers().get(0).activation().name()).isEqualTo("identity");
    assertThat(spec.name()).isEqualTo("tiny");
  }

  @Test
  void unknownActivationListsTheInstalledOnesAndTheClosest() {
    mistake(VALID.replace("activation: relu", "activation: rleu"))
        .withMessageStartingWith("test.yaml:6:19: network.layers[0].activation: ")
        .withMessageContaining("unknown activation 'rleu'; did you mean 'relu'?")
        .withMessageContaining("Installed activations: ")
        .satisfies(e -> assertThat(e.line()).isEqualTo(6));
  }

  @Test
  void unknownPluginInsideAMapPointsAtItsType() {
    mistake(VALID.replace("type: sgd", "type: sdg"))
        .withMessageStartingWith("test.yaml:12:9: optimizer.type: ")
        .withMessageContaining("did you mean 'sgd'?");
  }

  @Test
  void unknownParameterListsTheProvidersParameters() {
    mistake(VALID.replace("learningRate: 0.5", "learningrate: 0.5"))
        .withMessageStartingWith("test.yaml:13:17: optimizer.learningrate: ")
        .withMessageContaining("'sgd' has no parameter 'learningrate' (did you mean "
            + "'learningRate'?); its parameters are learningRate (a number, default 0.01)");
  }

  @Test
  void mistypedParameterSaysWhatItMustBe() {
    mistake(VALID.replace("learningRate: 0.5", "learningRate: fast"))
        .withMessageStartingWith("test.yaml:13:17: optimizer.learningRate: ")
        .withMessageContaining("'learningRate' of 'sgd' must be a number but is the text \"fast\"");
  }

  /** Plugin parameters bind as strictly as core keys, pointing at the value. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "learningRate: 0.5, momentum: 0.9, nesterov: 1 | 15:13: optimizer.nesterov"
          + " | 'nesterov' of 'sgd' must be true or false but is 1",
      "learningRate: 0.5, momentum: 0.9, nesterov: 'true' | 15:13: optimizer.nesterov"
          + " | 'nesterov' of 'sgd' must be true or false but is the text \"true\"",
      "learningRate: '0.1' | 13:17: optimizer.learningRate"
          + " | 'learningRate' of 'sgd' must be a number but is the text \"0.1\"",
      "learningRate: [0.1] | 13:17: optimizer.learningRate"
          + " | 'learningRate' of 'sgd' must be a number but is a list"})
  void pluginParametersAreBoundStrictly(String parameters, String where, String message) {
    mistake(VALID.replace("learningRate: 0.5", parameters.replace(", ", "\n  ")))
        .withMessageStartingWith("test.yaml:" + where + ": ")
        .withMessageContaining(message);
  }

  @Test
  void aFractionIsNotAWholeNumber() {
    mistake(VALID.replace("batchSize: 2", "batchSize: 2\n  schedule: {type: step, stepSize: 600.5}"))
        .withMessageStartingWith("test.yaml:")
        .withMessageContaining("training.schedule.stepSize: ")
        .withMessageContaining("'stepSize' of 'step' must be a whole number but is 600.5");
    mistake(VALID.replace("batchSize: 2",
        "batchSize: 2\n  schedule: {type: step, stepSize: 3000000000}"))
        .withMessageContaining("'stepSize' of 'step' must be a whole number from -2147483648 to"
            + " 2147483647 but is 3000000000");
    // a whole number is a number
    assertThat(read(VALID.replace("learningRate: 0.5", "learningRate: 1")).optimizer()
        .parameters()).isEqualTo(new SgdProvider.Parameters(1));
  }

  @Test
  void invalidParameterValueCarriesTheRecordsOwnMessage() {
    mistake(VALID.replace("learningRate: 0.5", "learningRate: -1"))
        .withMessageStartingWith("test.yaml:12:3: optimizer: ")
        .withMessageContaining("learningRate must be a finite number > 0, was -1.0");
  }

  @Test
  void unknownKeyListsTheValidKeysAndTheClosest() {
    mistake(VALID.replace("epochs: 3", "epoch: 3"))
        .withMessageStartingWith("test.yaml:15:10: training.epoch: ")
        .withMessageContaining("unknown key 'epoch' (did you mean 'epochs'?); valid keys here: "
            + "epochs, batchSize, shuffle, seed, validationSplit, testSplit");
  }

  @Test
  void wrongTypeOfValueSaysWhatWasExpected() {
    mistake(VALID.replace("units: 3", "units: three"))
        .withMessageStartingWith("test.yaml:5:14: network.layers[0].units: ")
        .withMessageContaining("expected a whole number but found 'three'");
  }

  @Test
  void weightsThatDoNotMatchTheUnitsAreCaughtBeforeTraining() {
    mistake(VALID.replace("activation: relu", "activation: relu\n      weights: [[1, 2], [3, 4]]"))
        .withMessageStartingWith("test.yaml:7:16: network.layers[0].weights: ")
        .withMessageContaining("weights must be 3×2 (units × inputs of the layer) but are 2×2");
  }

  @Test
  void biasesOfTheWrongLengthAreCaught() {
    mistake(VALID.replace("activation: relu", "activation: relu\n      biases: [1, 2]"))
        .withMessageStartingWith("test.yaml:7:15: network.layers[0].biases: ")
        .withMessageContaining("biases must have 3 values (one per unit) but have 2");
  }

  @Test
  void targetsThatDoNotMatchTheOutputsAreCaught() {
    mistake(VALID.replace("targets: [[0], [1], [1], [0]]", "targets: [[0, 1], [1, 0], [1, 0], [0, 1]]"))
        .withMessageStartingWith("test.yaml:19:12: data.targets: ")
        .withMessageContaining("targets must be 4×1");
  }

  @Test
  void missingRequiredKeyIsNamed() {
    mistake(VALID.replace("  inputs: 2\n", ""))
        .withMessageStartingWith("test.yaml:3:3: network: ")
        .withMessageContaining("missing key 'network.inputs'");
  }

  @Test
  void missingDataFileIsNamedWithItsPath() {
    mistake(VALID.replace("  features: [[0, 0], [0, 1], [1, 0], [1, 1]]\n  targets: [[0], [1], [1], [0]]",
        "  file: nowhere.csv"))
        .withMessageStartingWith("test.yaml:18:9: data.file: ")
        .withMessageContaining("no such file: ");
  }

  @Test
  void choiceOutsideItsSetListsTheChoices() {
    mistake(VALID.replace("data:\n", "data:\n  scaling: zscore\n"))
        .withMessageStartingWith("test.yaml:18:12: data.scaling: ")
        .withMessageContaining("'zscore' is not one of none, standard, minmax");
  }

  @Test
  void duplicateKeysAreAnError() {
    mistake(VALID.replace("epochs: 3", "epochs: 3\n  epochs: 4"))
        .withMessageStartingWith("test.yaml:16:3: training.epochs: ")
        .withMessageContaining("duplicate key 'epochs' (first given on line 15)");
  }

  @Test
  void syntaxErrorsGiveTheirLine() {
    mistake(VALID.replace("  epochs: 3", "  epochs: [3"))
        .withMessageStartingWith("test.yaml:")
        .withMessageContaining("not valid YAML")
        .satisfies(e -> assertThat(e.line()).isGreaterThanOrEqualTo(15));
  }

  @Test
  void aMissingFileIsAConfigError() {
    assertThatThrownBy(() -> READER.read(Path.of("does-not-exist.yaml")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("does-not-exist.yaml: no such file");
  }

  @Test
  void readsTheTrainingFeatures() {
    ModelSpec spec = read(VALID.replace("      activation: relu", "      activation: relu\n"
        + "      initializer: {type: normal, scale: 0.1}\n"
        + "      l2: 0.01\n"
        + "      dropout: 0.25").replace("  batchSize: 2", "  batchSize: 2\n"
        + "  clipNorm: 5\n"
        + "  metrics: [loss, accuracy, macro_f1]\n"
        + "  earlyStopping: {monitor: val_accuracy, patience: 3}\n"
        + "  schedule: {type: step, stepSize: 2}\n"
        + "  checkpoint: {file: run.ckpt, every: 2}"));
    LayerSpec first = spec.network().layers().get(0);
    assertThat(first.initializer()).isEqualTo(PluginSpec.of("normal", new Initializers.Scale(0.1)));
    assertThat(first.regularization()).isEqualTo(new Regularization(0, 0.01, 0.25));
    TrainingSpec t = spec.training();
    assertThat(t.options().clipping().norm()).isEqualTo(5);
    assertThat(t.metrics()).containsExactly("loss", "accuracy", "macro_f1");
    assertThat(t.options().earlyStopping().maximize()).isTrue();
    assertThat(t.options().earlyStopping().patience()).isEqualTo(3);
    assertThat(t.schedule().name()).isEqualTo("step");
    assertThat(t.checkpoint().every()).isEqualTo(2);
    assertThat(t.checkpoint().file()).isEqualTo(Path.of(".").resolve("run.ckpt"));
  }

  @Test
  void inlineTargetsOfOnesAndZerosAreClassesAndOneHotOnesAreNumbered() {
    String oneHot = VALID.replace("units: 1", "units: 3").replace("type: sigmoid",
        "type: softmax").replace("targets: [[0], [1], [1], [0]]",
        "targets: [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]]");
    ModelSpec spec = read(oneHot);
    assertThat(spec.data().classes()).containsExactly("0", "1", "2");
    assertThat(spec.data().inlineClasses()).isTrue();
    assertThat(read(VALID).data().inlineClasses()).as("xor's 0/1 targets").isTrue();
    assertThat(read(VALID).data().classes()).as("one output: no names").isEmpty();
    assertThat(read(VALID.replace("[[0], [1], [1], [0]]", "[[1], [1], [1], [1]]")).data()
        .inlineClasses()).as("only 1s, as hmkcode.yaml's one sample").isFalse();
    assertThat(read(VALID.replace("[[0], [1], [1], [0]]", "[[0], [0.5], [1], [0]]")).data()
        .inlineClasses()).isFalse();
    mistake(oneHot.replace("data:", "data:\n  classes: [a, b]"))
        .withMessage("test.yaml:18:12: data.classes: 2 class names but data.targets has 3 "
            + "column(s); give one name per target column");
  }

  @Test
  void trainingFeatureMistakesAreNamed() {
    mistake(VALID.replace("  batchSize: 2", "  batchSize: 2\n  metrics: [acuracy]"))
        .withMessageStartingWith("test.yaml:17:13: training.metrics[0]: ")
        .withMessageContaining("unknown metric 'acuracy'; did you mean 'accuracy'?");
    mistake(VALID.replace("      activation: relu", "      activation: relu\n"
        + "      dropout: 1.5"))
        .withMessageStartingWith("test.yaml:7:16: network.layers[0].dropout: ")
        .withMessageContaining("must be a fraction in [0, 1), was 1.5");
    mistake(VALID.replace("      activation: relu", "      activation: relu\n"
        + "      initializer: he"))
        .withMessageContaining("network.layers[0].initializer: unknown initializer 'he'");
  }
}
