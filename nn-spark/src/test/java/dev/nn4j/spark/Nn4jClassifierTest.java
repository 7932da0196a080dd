package dev.nn4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.api.ConfigException;
import dev.nn4j.cli.Main;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
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

class Nn4jClassifierTest {

  /** Iris: 4 inputs, 3 classes; full-batch Adam keeps the number of Spark jobs small. */
  static final String CONFIG = """
      name: iris-spark
      network:
        inputs: 4
        seed: 7
        layers:
          - units: 16
            activation: tanh
          - units: 3
            activation: softmax
      loss: categorical_cross_entropy
      optimizer:
        type: adam
        learningRate: 0.1
      training:
        epochs: 40
        batchSize: 0
        shuffle: false
        seed: 2
      """;
  private static final String[] COLUMNS = {"sepal_length", "sepal_width", "petal_length",
      "petal_width"};

  private static SparkSession spark;
  private static Dataset<Row> iris;
  private static PipelineModel fitted;

  @BeforeAll
  static void start() throws IOException {
    spark = LocalSpark.start("Nn4jClassifierTest");
    iris = iris();
    fitted = pipeline().fit(iris);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** The 150 flowers from the test resources (a copy of shared/datasets/iris.csv). */
  private static Dataset<Row> iris() throws IOException {
    List<Row> rows = new ArrayList<>();
    try (InputStream in = Nn4jClassifierTest.class.getResourceAsStream("/iris.csv")) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (int i = 1; i < lines.length; i++) { // line 0: "150,4,setosa,versicolor,virginica"
        if (lines[i].isBlank()) {
          continue;
        }
        String[] f = lines[i].trim().split(",");
        rows.add(RowFactory.create(Double.parseDouble(f[0]), Double.parseDouble(f[1]),
            Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])));
      }
    }
    StructType schema = new StructType();
    for (String c : COLUMNS) {
      schema = schema.add(c, DataTypes.DoubleType);
    }
    schema = schema.add("label", DataTypes.DoubleType);
    return spark.createDataFrame(rows, schema).repartition(3);
  }

  private static Pipeline pipeline() {
    VectorAssembler assembler = new VectorAssembler().setInputCols(COLUMNS)
        .setOutputCol("features");
    Nn4jClassifier classifier = new Nn4jClassifier().setConfig(CONFIG).setPartitions(3);
    return new Pipeline().setStages(new PipelineStage[] {assembler, classifier});
  }

  private static double accuracy(Dataset<Row> predicted) {
    long right = predicted.filter(functions.col("prediction").equalTo(functions.col("label")))
        .count();
    return (double) right / predicted.count();
  }

  @Test
  void aPipelineWithVectorAssemblerFitsAndPredictsIris() {
    Dataset<Row> predicted = fitted.transform(iris);
    assertThat(predicted.columns()).contains("prediction", "probability");
    assertThat(accuracy(predicted)).isGreaterThan(0.9);
    Vector p = predicted.select("probability").first().getAs(0);
    assertThat(p.size()).isEqualTo(3);
    assertThat(p.toArray()[0] + p.toArray()[1] + p.toArray()[2]).isCloseTo(1.0,
        org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void theModelSurvivesSparkMlPersistenceAsAnOrdinaryModelFile(@TempDir Path dir)
      throws IOException {
    String folder = dir.resolve("pipeline").toString();
    fitted.write().overwrite().save(folder);
    PipelineModel loaded = PipelineModel.load(folder);
    List<Row> before = fitted.transform(iris).select("probability", "prediction").collectAsList();
    List<Row> after = loaded.transform(iris).select("probability", "prediction").collectAsList();
    assertThat(after).isEqualTo(before);

    Path file = TestSupport.modelFileIn(dir);
    Model model = ModelFile.load(file, PluginRegistry.discover());
    assertThat(model.name()).isEqualTo("iris-spark");
    assertThat(model.config()).isEqualTo(CONFIG);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), "inspect",
        file.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("iris-spark");

    // evaluate reads a CSV file of the features then the class index, as the docs say
    StringBuilder csv = new StringBuilder();
    for (Row r : iris.collectAsList()) {
      csv.append(r.getDouble(0)).append(',').append(r.getDouble(1)).append(',')
          .append(r.getDouble(2)).append(',').append(r.getDouble(3)).append(',')
          .append((int) r.getDouble(4)).append('\n');
    }
    Path labelled = Files.writeString(dir.resolve("iris-labelled.csv"), csv);
    double accuracy = accuracy(fitted.transform(iris));
    StringWriter evaluated = new StringWriter();
    code = Main.execute(new PrintWriter(evaluated), new PrintWriter(err), "evaluate",
        file.toString(), labelled.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(evaluated.toString()).contains(String.format(java.util.Locale.ROOT,
        "accuracy %.4f", accuracy)).contains("(150 samples)");
  }

  @Test
  void anArrayColumnPredictsAsTheVectorColumnDoes() {
    Nn4jClassificationModel model = (Nn4jClassificationModel) fitted.stages()[1];
    Dataset<Row> arrays = iris.withColumn("values", functions.array(
        functions.col(COLUMNS[0]), functions.col(COLUMNS[1]), functions.col(COLUMNS[2]),
        functions.col(COLUMNS[3])));
    List<Row> fromArrays = model.copy(new org.apache.spark.ml.param.ParamMap())
        .setFeaturesCol("values").transform(arrays).select("prediction").collectAsList();
    List<Row> fromVectors = fitted.transform(iris).select("prediction").collectAsList();
    assertThat(fromArrays).isEqualTo(fromVectors);
  }

  @Test
  void aWrongColumnNameIsNamedWithTheColumnsThereAre() {
    Nn4jClassifier classifier = new Nn4jClassifier().setConfig(CONFIG).setFeaturesCol("feats");
    assertThatThrownBy(() -> classifier.fit(iris))
        .isInstanceOf(Nn4jSparkException.class)
        .hasMessageContaining("the features column 'feats' is not in the DataFrame")
        .hasMessageContaining("sepal_length");
  }

  @Test
  void aWrongColumnTypeIsNamed() {
    Dataset<Row> text = iris.withColumn("name", functions.lit("setosa"))
        .withColumn("features", functions.array(functions.col(COLUMNS[0])));
    assertThatThrownBy(() -> new Nn4jClassifier().setConfig(CONFIG).setLabelCol("name")
        .fit(text))
        .isInstanceOf(Nn4jSparkException.class)
        .hasMessageContaining("the label column 'name' is of type string")
        .hasMessageContaining("StringIndexer");
    assertThatThrownBy(() -> new Nn4jClassifier().setConfig(CONFIG).setFeaturesCol("name")
        .fit(text))
        .isInstanceOf(Nn4jSparkException.class)
        .hasMessageContaining("the features column 'name' is of type string");
  }

  @Test
  void featuresOfTheWrongWidthAndLabelsOutOfRangeAreNamed() {
    Dataset<Row> narrow = iris.withColumn("features", functions.array(functions.col(COLUMNS[0])));
    assertThatThrownBy(() -> new Nn4jClassifier().setConfig(CONFIG).fit(narrow))
        .isInstanceOf(Nn4jSparkException.class)
        .hasMessageContaining("has 1 values but the network takes 4");
    Dataset<Row> wide = iris.withColumn("features", functions.array(functions.col(COLUMNS[0]),
        functions.col(COLUMNS[1]), functions.col(COLUMNS[2]), functions.col(COLUMNS[3])))
        .withColumn("label", functions.col("label").plus(1));
    assertThatThrownBy(() -> new Nn4jClassifier().setConfig(CONFIG).fit(wide))
        .isInstanceOf(Nn4jSparkException.class)
        .hasMessageContaining("labels must be class indices 0 to 2");
  }

  @Test
  void emptyPartitionsOfTheDataFrameAreNoProblem() {
    // 3 rows in 10 partitions (and 10 shares per step): most are empty; 2 epochs keep it short
    Dataset<Row> sparse = new VectorAssembler().setInputCols(COLUMNS).setOutputCol("features")
        .transform(iris.limit(3).repartition(10));
    assertThat(sparse.javaRDD().glom().collect().stream().filter(List::isEmpty)).isNotEmpty();
    Nn4jClassificationModel model = new Nn4jClassifier()
        .setConfig(CONFIG.replace("epochs: 40", "epochs: 2")).setPartitions(10).fit(sparse);
    assertThat(model.transform(sparse).count()).isEqualTo(3);
  }

  @Test
  void theConfigsDistributedSectionSetsThePartitions() {
    String config = CONFIG.replace("epochs: 40", "epochs: 1")
        + "  distributed:\n    algorithm: sync\n    partitions: 5\n";
    Dataset<Row> few = new VectorAssembler().setInputCols(COLUMNS).setOutputCol("features")
        .transform(iris.limit(10));
    Nn4jClassificationModel model = new Nn4jClassifier().setConfig(config).fit(few);
    assertThat(model.model().provenance()).containsEntry("trainer",
        "nn-spark sync, 5 partitions");
    String unknown = config.replace("algorithm: sync", "algorithm: async");
    assertThatThrownBy(() -> new Nn4jClassifier().setConfig(unknown).fit(few))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("config:20:16:")
        .hasMessageContaining("'async' is not one of sync, average");
    String localSteps = config.replace("partitions: 5", "partitions: 5\n    localSteps: 4");
    assertThatThrownBy(() -> new Nn4jClassifier().setConfig(localSteps).fit(few))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("config:22:17:")
        .hasMessageContaining("'localSteps' applies to algorithm: average");
  }

  @Test
  void theEstimatorItselfSurvivesPersistence(@TempDir Path dir) throws IOException {
    Nn4jClassifier classifier = new Nn4jClassifier().setConfig(CONFIG).setLabelCol("species")
        .setPartitions(4);
    String folder = dir.resolve("estimator").toString();
    classifier.write().save(folder);
    Nn4jClassifier loaded = Nn4jClassifier.load(folder);
    assertThat(loaded.uid()).isEqualTo(classifier.uid());
    assertThat(loaded.getOrDefault(loaded.config())).isEqualTo(CONFIG);
    assertThat(loaded.getOrDefault(loaded.labelCol())).isEqualTo("species");
    assertThat(loaded.getOrDefault(loaded.partitions())).isEqualTo(4);
  }

  @Test
  void aPluginMissingOnAnExecutorThatPredictsIsNamed() {
    Nn4jClassificationModel model = (Nn4jClassificationModel) fitted.stages()[1];
    ExecutorRegistry withoutTanh = TestSupport.executorsWithout(dev.nn4j.api.PluginKind.ACTIVATION,
        "tanh");
    ModelBytes bytes = new ModelBytes(ModelBytes.of(model.model()), withoutTanh);
    assertThatThrownBy(() -> bytes.predict(new double[] {5.1, 3.5, 1.4, 0.2}))
        .isInstanceOf(Nn4jSparkException.class)
        .hasMessageContaining("an executor cannot load the model")
        .hasMessageContaining("tanh")
        .hasMessageContaining("--jars");
  }

  @Test
  void aConfigWithADataSectionIsRefusedAtItsLine() {
    String withData = CONFIG + "data:\n  file: iris.csv\n";
    Dataset<Row> arrays = iris.withColumn("features", functions.array(functions.col(COLUMNS[0])));
    assertThatThrownBy(() -> new Nn4jClassifier().setConfig(withData).fit(arrays))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("config:20:")
        .hasMessageContaining("data section");
  }
}
