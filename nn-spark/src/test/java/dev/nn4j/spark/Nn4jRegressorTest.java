package dev.nn4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.cli.Main;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Nn4jRegressorTest {

  /** 3 inputs, one output; full-batch Adam keeps the number of Spark jobs small. */
  static final String CONFIG = """
      name: wave-spark
      network:
        inputs: 3
        seed: 4
        layers:
          - units: 16
            activation: tanh
          - units: 1
            activation: identity
      loss: squared_error
      optimizer:
        type: adam
        learningRate: 0.05
      training:
        epochs: 150
        batchSize: 0
        shuffle: false
        seed: 2
      """;
  private static final String[] COLUMNS = {"a", "b", "c"};

  private static SparkSession spark;
  private static Dataset<Row> data;
  private static PipelineModel fitted;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("Nn4jRegressorTest");
    data = data();
    fitted = new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(COLUMNS).setOutputCol("features"),
        new Nn4jRegressor().setConfig(CONFIG).setLabelCol("y").setPartitions(2)}).fit(data);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** 200 seeded rows of y = sin(2a) + b·c / 2 + 0.3, a, b, c uniform in [−1, 1]. */
  private static Dataset<Row> data() {
    SplittableRandom random = new SplittableRandom(5);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      double a = random.nextDouble(-1, 1);
      double b = random.nextDouble(-1, 1);
      double c = random.nextDouble(-1, 1);
      rows.add(RowFactory.create(a, b, c, Math.sin(2 * a) + b * c / 2 + 0.3));
    }
    StructType schema = new StructType().add("a", DataTypes.DoubleType)
        .add("b", DataTypes.DoubleType).add("c", DataTypes.DoubleType)
        .add("y", DataTypes.DoubleType);
    return spark.createDataFrame(rows, schema).repartition(2);
  }

  /** The mean of ½ (prediction − y)², squared_error's loss. */
  private static double loss(Dataset<Row> predicted) {
    double sum = 0;
    List<Row> rows = predicted.select("prediction", "y").collectAsList();
    for (Row r : rows) {
      double d = r.getDouble(0) - r.getDouble(1);
      sum += d * d / 2;
    }
    return sum / rows.size();
  }

  @Test
  void aPipelineWithVectorAssemblerLearnsTheFunction() {
    Dataset<Row> predicted = fitted.transform(data);
    assertThat(predicted.schema().apply("prediction").dataType()).isEqualTo(DataTypes.DoubleType);
    // the variance of y is about 0.5: a model that learnt nothing has a loss near 0.25
    assertThat(loss(predicted)).isLessThan(0.01);
  }

  @Test
  void theModelIsAnOrdinaryModelFileThatTheCliReads(@TempDir Path dir) throws IOException {
    String folder = dir.resolve("pipeline").toString();
    fitted.write().overwrite().save(folder);
    PipelineModel loaded = PipelineModel.load(folder);
    List<Row> before = fitted.transform(data).select("prediction").collectAsList();
    assertThat(loaded.transform(data).select("prediction").collectAsList()).isEqualTo(before);
    assertThat(loaded.stages()[1]).isInstanceOf(Nn4jRegressionModel.class);

    Path file = TestSupport.modelFileIn(dir);
    Model model = ModelFile.load(file, PluginRegistry.discover());
    assertThat(model.name()).isEqualTo("wave-spark");
    assertThat(model.classes()).isEmpty();
    assertThat(model.provenance()).containsEntry("trainer", "nn-spark sync, 2 partitions");

    // the same rows as CSV files: features for predict, features then the label for evaluate
    List<Row> rows = fitted.transform(data).select("a", "b", "c", "y", "prediction")
        .collectAsList();
    StringBuilder features = new StringBuilder();
    StringBuilder labelled = new StringBuilder();
    double sum = 0;
    for (Row r : rows) {
      String x = r.getDouble(0) + "," + r.getDouble(1) + "," + r.getDouble(2);
      features.append(x).append('\n');
      labelled.append(x).append(',').append(r.getDouble(3)).append('\n');
      double d = r.getDouble(4) - r.getDouble(3);
      sum += d * d / 2;
    }
    Path featuresCsv = Files.writeString(dir.resolve("features.csv"), features);
    Path labelledCsv = Files.writeString(dir.resolve("labelled.csv"), labelled);

    assertThat(cli("inspect", file.toString())).contains("wave-spark");
    String[] predicted = cli("predict", file.toString(), featuresCsv.toString()).split("\n");
    assertThat(predicted[0].trim()).isEqualTo("output_0");
    assertThat(predicted).hasSize(rows.size() + 1);
    for (int i = 0; i < rows.size(); i++) {
      assertThat(Double.parseDouble(predicted[i + 1].trim()))
          .isCloseTo(rows.get(i).getDouble(4), org.assertj.core.data.Offset.offset(1e-5));
    }
    String evaluated = cli("evaluate", file.toString(), labelledCsv.toString());
    assertThat(evaluated).contains(String.format(Locale.ROOT, "loss %.4f", sum / rows.size()))
        .contains("(200 samples)");
  }

  private static String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    assertThat(code).as(err.toString()).isZero();
    return out.toString();
  }

  @Test
  void anArrayColumnAndParameterAveragingTrainToo() {
    Dataset<Row> arrays = data.withColumn("values", functions.array(functions.col("a"),
        functions.col("b"), functions.col("c")));
    String averaging = CONFIG.replace("batchSize: 0", "batchSize: 10")
        .replace("epochs: 150", "epochs: 40")
        .replace("shuffle: false", "shuffle: true")
        + "  distributed:\n    algorithm: average\n    localSteps: 5\n";
    Nn4jRegressionModel model = new Nn4jRegressor().setConfig(averaging).setFeaturesCol("values")
        .setLabelCol("y").fit(arrays);
    assertThat(model.model().provenance()).containsEntry("trainer",
        "nn-spark average, 2 partitions, localSteps 5, warmupSteps 0");
    assertThat(loss(model.transform(arrays))).isLessThan(0.02);
  }

  @Test
  void wrongColumnsAndANetworkWithSeveralOutputsAreNamed() {
    Dataset<Row> withText = data.withColumn("features", functions.array(functions.col("a"),
        functions.col("b"), functions.col("c"))).withColumn("name", functions.lit("wave"));
    assertThatThrownBy(() -> new Nn4jRegressor().setConfig(CONFIG).setLabelCol("target")
        .fit(withText))
        .isInstanceOf(Nn4jSparkException.class)
        .hasMessageContaining("the label column 'target' is not in the DataFrame")
        .hasMessageContaining("name");
    assertThatThrownBy(() -> new Nn4jRegressor().setConfig(CONFIG).setLabelCol("name")
        .fit(withText))
        .isInstanceOf(Nn4jSparkException.class)
        .hasMessageContaining("the label column 'name' is of type string");
    assertThatThrownBy(() -> new Nn4jRegressor().setConfig(CONFIG.replace("units: 1", "units: 2"))
        .setLabelCol("y").fit(withText))
        .isInstanceOf(Nn4jSparkException.class)
        .hasMessageContaining("the network has 2 outputs but Nn4jRegressor learns one number");
    // read on an executor (parameter averaging): the row, its partition and the column are named
    Dataset<Row> narrow = withText.withColumn("features", functions.array(functions.col("a"),
        functions.col("b")));
    assertThatThrownBy(() -> new Nn4jRegressor().setConfig(CONFIG
        + "  distributed:\n    algorithm: average\n").setLabelCol("y").fit(narrow))
        .isInstanceOf(Nn4jSparkException.class)
        .hasMessageMatching("row 0 of partition \\d of the features column 'features' has 2"
            + " values but the network takes 3 \\(network.inputs\\)");
    Dataset<Row> missing = withText.withColumn("y", functions.when(functions.col("a")
        .gt(0.9), functions.lit(null)).otherwise(functions.col("y")));
    assertThatThrownBy(() -> new Nn4jRegressor().setConfig(CONFIG).setLabelCol("y")
        .fit(missing))
        .isInstanceOf(Nn4jSparkException.class)
        .hasMessageMatching("row \\d+ of the label column 'y' is null");
  }
}
