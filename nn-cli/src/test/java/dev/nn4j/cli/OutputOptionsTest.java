package dev.nn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.cli.MainTest.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What scripts rely on: {@code --json} puts exactly one JSON document on the standard output,
 * {@code --quiet} puts nothing there; evaluate reports regression metrics for a model with
 * numeric outputs; predict reads the standard input for '-' and writes JSON.
 */
class OutputOptionsTest {

  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  @TempDir
  static Path dir;
  private static Path iris;
  private static Path irisData;
  private static Path regression;
  private static Path regressionData;

  @BeforeAll
  static void trainModels() throws IOException {
    iris = dir.resolve("iris.nn4j");
    Run run = MainTest.run("train", "--epochs", "40", "--no-chart", "--quiet", "--out",
        iris.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).as("--quiet prints nothing").isEmpty();
    assertThat(run.err()).isEmpty();
    irisData = dir.resolve("iris-some.csv");
    Files.writeString(irisData, """
        header
        5.1,3.5,1.4,0.2,0
        6.4,3.2,4.5,1.5,1
        6.3,3.3,6.0,2.5,2
        4.9,3.0,1.4,0.2,0
        """);
    // y = 2a - b + 0.5, numeric outputs; the config names no metrics: the regression ones apply
    regressionData = dir.resolve("line.csv");
    StringBuilder csv = new StringBuilder();
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 200; i++) {
      double a = random.nextDouble();
      double b = random.nextDouble();
      csv.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%.4f%n", a, b, 2 * a - b + 0.5));
    }
    Files.writeString(regressionData, csv);
    Path config = dir.resolve("line.yaml");
    Files.writeString(config, """
        name: line
        data: {file: line.csv, encoding: numeric}
        network:
          inputs: 2
          seed: 4
          layers: [{units: 8, activation: tanh}, {units: 1, activation: identity}]
        loss: mse
        optimizer: {type: sgd, learningRate: 0.1}
        training: {epochs: 20, batchSize: 16, validationSplit: 0.1, testSplit: 0.2}
        """);
    regression = dir.resolve("line.nn4j");
    Run trained = MainTest.run("train", config.toString(), "--no-chart", "--out",
        regression.toString());
    assertThat(trained.code()).as(trained.err()).isZero();
    assertThat(trained.out()).containsPattern("test:  loss \\S+  mae \\S+  rmse \\S+  r2 \\S+\n")
        .doesNotContain("accuracy").doesNotContain("predicted");
    assertThat(trained.out()).as("the epoch lines")
        .containsPattern("epoch 20/20 .*val_loss \\S+ .*val_mae \\S+ .*val_r2 ");
  }

  @Test
  void aHeaderReadAsDataSaysHowToSkipIt() throws IOException {
    Path headed = dir.resolve("headed.csv");
    Files.writeString(headed, "a,b,y\n" + Files.readString(regressionData));
    Path config = dir.resolve("headed.yaml");
    Files.writeString(config, Files.readString(dir.resolve("line.yaml"))
        .replace("line.csv", "headed.csv"));
    Run train = MainTest.run("train", config.toString(), "--no-chart", "--out",
        dir.resolve("never.nn4j").toString());
    assertThat(train.code()).isEqualTo(2);
    assertThat(train.err()).contains("headed.csv:1:1: column 1 is not a number: the first line "
        + "looks like a header; set data.header: true");
    Path input = dir.resolve("headed-in.csv");
    Files.writeString(input, "sepal_length,sepal_width,petal_length,petal_width\n"
        + "5.1,3.5,1.4,0.2\n");
    Run predict = MainTest.run("predict", iris.toString(), input.toString());
    assertThat(predict.code()).isEqualTo(2);
    assertThat(predict.err()).contains("headed-in.csv:1:1: column 1 is not a number: the first "
        + "line looks like a header; pass --header");
    assertThat(MainTest.run("predict", "--header", iris.toString(), input.toString()).code())
        .isZero();
    Files.writeString(input, "5.1,x,1.4,0.2\n");
    predict = MainTest.run("predict", iris.toString(), input.toString());
    assertThat(predict.err()).as("a row with numbers is data, however wrong")
        .contains("headed-in.csv:1:2: column 2 is not a number").doesNotContain("header");
    assertThat(dir.resolve("never.nn4j")).doesNotExist();
  }

  @Test
  void aRegressionConfigNamingAClassificationMetricIsAMistakeAtItsLine() throws IOException {
    String config = Files.readString(dir.resolve("line.yaml"), StandardCharsets.UTF_8);
    Path metrics = dir.resolve("line-accuracy.yaml");
    Files.writeString(metrics, config.replace("testSplit: 0.2}",
        "testSplit: 0.2,\n  metrics: [loss, accuracy]}"));
    Run run = MainTest.run("train", metrics.toString(), "--no-chart", "--out",
        dir.resolve("never.nn4j").toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("line-accuracy.yaml:10:19: training.metrics[1]: ")
        .contains("'accuracy' measures classes, but this model's outputs are numbers "
            + "(data.encoding: numeric); use loss, mae, rmse or r2");
    Path monitor = dir.resolve("line-monitor.yaml");
    Files.writeString(monitor, config.replace("testSplit: 0.2}",
        "testSplit: 0.2,\n  earlyStopping: {monitor: val_accuracy}}"));
    run = MainTest.run("train", monitor.toString(), "--no-chart", "--out",
        dir.resolve("never.nn4j").toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("line-monitor.yaml:10:").contains("'val_accuracy' measures"
        + " classes").contains("val_loss, val_mae, val_rmse or val_r2");
    assertThat(dir.resolve("never.nn4j")).doesNotExist();
  }

  private static JsonNode json(Run run) {
    assertThat(run.code()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  @Test
  void trainJsonIsTheWholeStandardOutput() {
    Path model = dir.resolve("json.nn4j");
    Run run = MainTest.run("train", "--epochs", "3", "--json", "--out", model.toString());
    JsonNode doc = json(run);
    assertThat(doc.get("model").asString()).isEqualTo("iris");
    assertThat(doc.get("config").isNull()).as("the built-in example").isTrue();
    assertThat(doc.get("modelFile").asString()).isEqualTo(model.toString());
    assertThat(doc.get("chart").asString()).isEqualTo(dir.resolve("json.png").toString());
    assertThat(doc.get("interrupted").asBoolean()).isFalse();
    assertThat(doc.get("bestEpoch").isNull()).as("no early stopping").isTrue();
    assertThat(doc.get("task").asString()).isEqualTo("classification");
    assertThat(doc.get("epochs")).hasSize(3);
    assertThat(doc.get("epochs").get(2).get("epoch").asInt()).isEqualTo(3);
    assertThat(doc.get("epochs").get(2).has("val_accuracy")).isTrue();
    assertThat(doc.get("samples").get("test").asInt()).isEqualTo(30);
    assertThat(doc.get("test").get("accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(doc.get("network").get("parameters").asInt()).isEqualTo(131);
    assertThat(fieldNames(doc.get("network"))).containsExactly("summary", "parameters");
    assertThat(fieldNames(doc.get("samples"))).containsExactly("training", "validation", "test");
    JsonNode confusion = doc.get("confusionMatrix");
    assertThat(confusion.get("classes").toString())
        .isEqualTo("[\"setosa\",\"versicolor\",\"virginica\"]");
    int total = 0;
    for (JsonNode row : confusion.get("counts")) {
      for (JsonNode c : row) {
        total += c.asInt();
      }
    }
    assertThat(total).isEqualTo(30);
    assertThat(run.err()).as("progress goes to the error stream").contains("epoch 3/3");
    Run quiet = MainTest.run("train", "--epochs", "2", "--json", "--quiet", "--no-chart",
        "--out", dir.resolve("json2.nn4j").toString());
    assertThat(json(quiet).get("chart").isNull()).isTrue();
    assertThat(quiet.err()).isEmpty();
  }

  @Test
  void evaluateReportsTheClassifiersMetricsAndConfusionMatrix() {
    JsonNode doc = json(MainTest.run("evaluate", "--json", iris.toString(),
        irisData.toString()));
    assertThat(doc.get("task").asString()).isEqualTo("classification");
    assertThat(doc.get("samples").asInt()).isEqualTo(4);
    assertThat(fieldNames(doc.get("metrics"))).containsExactly("loss", "accuracy");
    assertThat(doc.get("confusionMatrix").get("counts")).hasSize(3);
    Run quiet = MainTest.run("evaluate", "--quiet", iris.toString(), irisData.toString());
    assertThat(quiet.code()).isZero();
    assertThat(quiet.out()).isEmpty();
    assertThat(quiet.err()).isEmpty();
  }

  @Test
  void evaluateReportsRegressionMetricsNeverAccuracyForNumericOutputs() {
    Run text = MainTest.run("evaluate", regression.toString(), regressionData.toString());
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).containsPattern("line on .*line.csv: loss \\S+  mae \\S+  rmse \\S+  "
        + "r2 0\\.9\\d+  \\(200 samples\\)").doesNotContain("accuracy")
        .doesNotContain("predicted");
    JsonNode doc = json(MainTest.run("evaluate", "--json", regression.toString(),
        regressionData.toString()));
    assertThat(doc.get("task").asString()).isEqualTo("regression");
    assertThat(fieldNames(doc.get("metrics"))).containsExactly("loss", "mae", "rmse", "r2");
    assertThat(doc.get("metrics").get("r2").asDouble()).isGreaterThan(0.9);
    assertThat(doc.get("confusionMatrix").isNull()).isTrue();
  }

  @Test
  void inlineTargetsOfOnesAndZerosAreClassesOthersAreNumbers() throws IOException {
    StringBuilder features = new StringBuilder();
    StringBuilder oneHot = new StringBuilder();
    StringBuilder numbers = new StringBuilder();
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 40; i++) {
      double a = random.nextDouble();
      double b = random.nextDouble();
      String sep = i > 0 ? ", " : "";
      features.append(String.format(java.util.Locale.ROOT, "%s[%.3f, %.3f]", sep, a, b));
      oneHot.append(sep).append(a > b ? "[1, 0]" : "[0, 1]");
      numbers.append(String.format(java.util.Locale.ROOT, "%s[%.3f, %.3f]", sep, a - b, a + b));
    }
    String config = """
        name: inline
        network:
          inputs: 2
          seed: 3
          layers: [{units: 8, activation: tanh}, {units: 2, activation: softmax}]
        loss: categorical_cross_entropy
        optimizer: {type: adam, learningRate: 0.05}
        training: {epochs: 5, batchSize: 8, validationSplit: 0.25, testSplit: 0.25METRICS}
        data:
          features: [%s]
          targets: [TARGETS]
        """.formatted(features);
    Path classes = dir.resolve("inline-classes.yaml");
    Files.writeString(classes, config.replace("METRICS", "").replace("TARGETS", oneHot));
    JsonNode doc = json(MainTest.run("train", classes.toString(), "--json", "--no-chart", "--out",
        dir.resolve("inline-classes.nn4j").toString()));
    assertThat(doc.get("task").asString()).isEqualTo("classification");
    assertThat(doc.get("epochs").get(4).has("val_accuracy")).isTrue();
    assertThat(fieldNames(doc.get("test"))).containsExactly("loss", "accuracy");
    assertThat(doc.get("confusionMatrix").get("counts")).hasSize(2);
    assertThat(doc.get("confusionMatrix").get("classes").toString()).as("numbered")
        .isEqualTo("[\"0\",\"1\"]");
    Path numeric = dir.resolve("inline-numbers.yaml");
    Files.writeString(numeric, config.replace("METRICS", "").replace("TARGETS", numbers)
        .replace("softmax", "identity").replace("categorical_cross_entropy", "mse"));
    doc = json(MainTest.run("train", numeric.toString(), "--json", "--no-chart", "--out",
        dir.resolve("inline-numbers.nn4j").toString()));
    assertThat(doc.get("task").asString()).isEqualTo("regression");
    assertThat(doc.get("epochs").get(4).has("val_accuracy")).isFalse();
    assertThat(doc.get("epochs").get(4).has("val_r2")).isTrue();
    assertThat(fieldNames(doc.get("test"))).containsExactly("loss", "mae", "rmse", "r2");
    Files.writeString(numeric, config.replace("METRICS", ", metrics: [accuracy]")
        .replace("TARGETS", numbers).replace("softmax", "identity")
        .replace("categorical_cross_entropy", "mse"));
    Run refused = MainTest.run("train", numeric.toString(), "--no-chart", "--out",
        dir.resolve("never.nn4j").toString());
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("inline-numbers.yaml:8:").contains("training.metrics[0]: "
        + "'accuracy' measures classes, but this model's outputs are numbers (data.targets are "
        + "not classes: one column holding both 0s and 1s, or one-hot rows)");
  }

  @Test
  void inspectJsonDescribesTheModelAndQuietOnlyChecksIt() {
    Run inspect = MainTest.run("inspect", "--json", "--weights", iris.toString());
    assertThat(inspect.out().chars()).as("non-ASCII text is escaped").allMatch(c -> c < 128);
    JsonNode doc = json(inspect);
    assertThat(doc.get("model").asString()).isEqualTo("iris");
    assertThat(doc.get("formatVersion").asInt()).isEqualTo(2);
    assertThat(doc.get("inputs").asInt()).isEqualTo(4);
    assertThat(doc.get("parameters").asInt()).isEqualTo(131);
    assertThat(doc.get("layers")).hasSize(2);
    JsonNode first = doc.get("layers").get(0);
    assertThat(first.get("type").asString()).isEqualTo("dense");
    assertThat(first.get("activation").get("type").asString()).isEqualTo("tanh");
    assertThat(first.get("parameters").get("weights").asInt()).isEqualTo(64);
    assertThat(doc.get("loss").get("type").asString()).isEqualTo("binary_cross_entropy");
    assertThat(doc.get("scaling").asString()).isEqualTo("standard");
    assertThat(doc.get("classes")).hasSize(3);
    assertThat(doc.get("provenance").get("data").asString()).startsWith("sha256:");
    assertThat(doc.get("weights").get("layers").get(0).get("weights")).hasSize(16);
    Run quiet = MainTest.run("inspect", "--quiet", iris.toString());
    assertThat(quiet.code()).isZero();
    assertThat(quiet.out()).isEmpty();
    Run broken = MainTest.run("inspect", "--quiet", irisData.toString());
    assertThat(broken.code()).isEqualTo(2);
    assertThat(broken.err()).contains(irisData.toString());
  }

  @Test
  void predictJsonHasOnePredictionPerSample() throws IOException {
    Path input = dir.resolve("flowers.csv");
    Files.writeString(input, "5.1,3.5,1.4,0.2\n6.3,3.3,6.0,2.5\n");
    JsonNode doc = json(MainTest.run("predict", "--json", iris.toString(), input.toString()));
    assertThat(doc.get("classes")).hasSize(3);
    assertThat(doc.get("predictions")).hasSize(2);
    assertThat(doc.get("predictions").get(0).get("class").asString()).isEqualTo("setosa");
    assertThat(doc.get("predictions").get(1).get("scores")).hasSize(3);
    Path points = dir.resolve("points.csv");
    Files.writeString(points, "0.5,0.5\n");
    JsonNode numeric = json(MainTest.run("predict", "--json", regression.toString(),
        points.toString()));
    assertThat(numeric.get("classes")).isEmpty();
    assertThat(numeric.get("predictions").get(0).has("class")).isFalse();
    assertThat(numeric.get("predictions").get(0).get("outputs").get(0).asDouble())
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.2));
    Run nul = MainTest.run("predict", "--json", iris.toString(), "in\0put.csv");
    assertThat(nul.code()).isEqualTo(2);
    assertThat(nul.out()).isEmpty();
    assertThat(nul.err()).contains("INPUT 'in\\x00put.csv' is not a file name")
        .doesNotContain("Exception");
  }

  /** A child JVM fed through a pipe: CSV and JSON out, errors naming stdin, line and column. */
  @Test
  void predictReadsTheStandardInputForADash() throws Exception {
    Result csv = child("5.1,3.5,1.4,0.2\n6.3,3.3,6.0,2.5\n", "predict", iris.toString(), "-");
    assertThat(csv.code()).as(csv.err()).isZero();
    assertThat(csv.out().lines().toList()).hasSize(3).first()
        .isEqualTo("class,p_setosa,p_versicolor,p_virginica");
    assertThat(csv.out()).contains("\nsetosa,").contains("\nvirginica,");
    Result json = child("5.1,3.5,1.4,0.2\n", "predict", "--json", iris.toString(), "-");
    assertThat(json.code()).as(json.err()).isZero();
    assertThat(JSON.readTree(json.out()).get("predictions").get(0).get("class").asString())
        .isEqualTo("setosa");
    Result bad = child("5.1,3.5,1.4,0.2\n6.3,x,6.0,2.5\n", "predict", iris.toString(), "-");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("nn4j predict: stdin:2:2: column 2 is not a number")
        .doesNotContain("nn4j-stdin").doesNotContain("Exception");
    assertThat(bad.out()).isEmpty();
  }

  /** The evaluate table fits COLUMNS in a child JVM: 40 columns split it. */
  @Test
  void evaluateFitsTheConfusionMatrixToColumns() throws Exception {
    Result narrow = child(Map.of("COLUMNS", "40"), "", "evaluate", iris.toString(),
        irisData.toString());
    assertThat(narrow.code()).as(narrow.err()).isZero();
    List<String> table = narrow.out().lines().skip(1).toList();
    assertThat(table).isNotEmpty().allMatch(l -> l.length() <= 40);
    assertThat(narrow.out()).contains("true\\pred").contains("1 versicolor");
    Result wide = child(Map.of("COLUMNS", "200"), "", "evaluate", iris.toString(),
        irisData.toString());
    assertThat(wide.out()).contains("actual \\ predicted     setosa versicolor  virginica");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.propertyNames().forEach(names::add);
    return names;
  }

  record Result(int code, String out, String err) {}

  private static Result child(String stdin, String... args) throws Exception {
    return child(Map.of(), stdin, args);
  }

  private static Result child(Map<String, String> env, String stdin, String... args)
      throws Exception {
    ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(List.of(), args))
        .directory(dir.toFile());
    pb.environment().remove("COLUMNS");
    pb.environment().putAll(env);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try (var in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the child JVM ends").isTrue();
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
