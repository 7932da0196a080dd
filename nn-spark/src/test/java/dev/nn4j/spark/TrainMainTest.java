package dev.nn4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.core.EpochResult;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.TrainingListener;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark-submit entry's work in this JVM's Spark (SparkSubmitIT runs it through spark-submit
 * itself): Parquet and CSV data, checkpoints and resuming, by both algorithms, and the errors a
 * user sees.
 */
class TrainMainTest {

  /** Iris with shuffled mini-batches and Adam: a resume must restore the shuffle and the moments. */
  static final String CONFIG = """
      name: iris-submit
      network:
        inputs: 4
        seed: 7
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
        epochs: 3
        batchSize: 50
        seed: 5
        distributed:
          algorithm: sync
          partitions: 2
      """;
  /** The same by parameter averaging, with warm-up rounds before rounds of 3 local steps. */
  static final String AVERAGE = CONFIG.replace("epochs: 3", "epochs: 40")
      .replace("batchSize: 50", "batchSize: 10")
      .replace("algorithm: sync", "algorithm: average\n    localSteps: 3\n    warmupSteps: 2");
  private static final List<String> SPECIES = List.of("setosa", "versicolor", "virginica");

  private static SparkSession spark;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("TrainMainTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** The iris rows of the test resources: four measurements and the class index. */
  static List<double[]> irisRows() throws IOException {
    List<double[]> rows = new ArrayList<>();
    try (InputStream in = TrainMainTest.class.getResourceAsStream("/iris.csv")) {
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      for (String line : lines.subList(1, lines.size())) {
        String[] cells = line.split(",");
        double[] row = new double[5];
        for (int c = 0; c < 5; c++) {
          row[c] = Double.parseDouble(cells[c]);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** Writes iris as a CSV file with a header and the species' names as labels. */
  static Path irisCsv(Path file) throws IOException {
    StringBuilder sb = new StringBuilder("sepal_length,sepal_width,petal_length,petal_width,"
        + "species\n");
    for (double[] r : irisRows()) {
      sb.append(r[0]).append(',').append(r[1]).append(',').append(r[2]).append(',').append(r[3])
          .append(',').append(SPECIES.get((int) r[4])).append('\n');
    }
    return Files.writeString(file, sb.toString());
  }

  private Path config(String text) throws IOException {
    return Files.writeString(dir.resolve("iris.yaml"), text);
  }

  private record Run(int code, String out, String err) {}

  private static Run run(List<TrainingListener> hook, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = TrainMain.run(TrainMain.Options.parse(args), spark,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), hook);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Run run(String... args) {
    return run(List.of(), args);
  }

  /**
   * Runs the config with a checkpoint every epoch, kills it after epoch {@code kill} (once the
   * checkpoint {@code run.ckpt} is written), and resumes it from the checkpoint into {@code
   * resumed}.
   *
   * @return the resumed run, which succeeded
   */
  private Run killAndResume(String config, Path csv, Path resumed, int kill) throws IOException {
    Path checkpoint = dir.resolve("run.ckpt");
    Path checkpointed = Files.writeString(dir.resolve("checkpointed.yaml"), config
        + "  checkpoint: {file: '" + checkpoint + "', every: 1}\n");
    TrainingListener killer = new TrainingListener() {
      @Override
      public void onEpochEnd(EpochResult epoch) {
        assertThat(checkpoint).exists(); // written before this listener runs
        if (epoch.epoch() == kill) {
          throw new IllegalStateException("killed after epoch " + epoch.epoch());
        }
      }
    };
    Run killed = run(List.of(killer), checkpointed.toString(), csv.toString(),
        resumed.toString());
    assertThat(killed.code()).isEqualTo(TrainMain.INTERNAL_ERROR);
    assertThat(killed.err()).contains("killed after epoch " + kill);
    assertThat(resumed).doesNotExist();

    Run again = run(checkpointed.toString(), csv.toString(), resumed.toString(), "--resume",
        checkpoint.toString());
    assertThat(again.code()).as(again.err()).isZero();
    return again;
  }

  /** Asserts that two model files hold the same parameters, bit for bit. */
  private static void assertSameWeights(Path expectedFile, Path actualFile) {
    PluginRegistry registry = PluginRegistry.discover();
    List<Parameter> expected = ModelFile.load(expectedFile, registry).network().parameters();
    List<Parameter> actual = ModelFile.load(actualFile, registry).network().parameters();
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i).value()).as(expected.get(i).name())
          .containsExactly(expected.get(i).value());
    }
  }

  @Test
  void trainsOnParquetWithNumericLabelsAndWritesAModelFile() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (double[] r : irisRows()) {
      rows.add(RowFactory.create(r[0], r[1], r[2], r[3], (int) r[4]));
    }
    StructType schema = new StructType().add("a", DataTypes.DoubleType)
        .add("b", DataTypes.DoubleType).add("c", DataTypes.DoubleType)
        .add("d", DataTypes.DoubleType).add("kind", DataTypes.IntegerType);
    String parquet = dir.resolve("iris.parquet").toString();
    spark.createDataFrame(rows, schema).repartition(3).write().parquet(parquet);
    Path out = dir.resolve("model.nn4j");

    Run r = run(config(CONFIG).toString(), parquet, out.toString(), "--label", "kind");

    assertThat(r.code()).as(r.err()).isZero();
    Model model = ModelFile.load(out, PluginRegistry.discover());
    assertThat(model.classes()).containsExactly("0", "1", "2");
    assertThat(model.network().inputs()).isEqualTo(4);
    assertThat(model.provenance()).containsEntry("trainer", "nn-spark sync, 2 partitions");
    try (var files = Files.list(dir)) { // no temporary or checksum file left beside the model
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("iris.yaml", "iris.parquet", "model.nn4j");
    }
  }

  @Test
  void resumesAKilledRunFromItsCheckpointBitForBit() throws IOException {
    Path csv = irisCsv(dir.resolve("iris.csv"));
    Path config = config(CONFIG);
    Path whole = dir.resolve("whole.nn4j");
    Run uninterrupted = run(config.toString(), csv.toString(), whole.toString());
    assertThat(uninterrupted.code()).as(uninterrupted.err()).isZero();

    Path resumed = dir.resolve("resumed.nn4j");
    Run again = killAndResume(CONFIG, csv, resumed, 1);
    assertThat(again.out()).contains("after epoch 1").doesNotContain("epoch 1 {");

    PluginRegistry registry = PluginRegistry.discover();
    assertSameWeights(whole, resumed);
    assertThat(ModelFile.load(resumed, registry).classes()).isEqualTo(SPECIES);
  }

  @Test
  void averagesOnCsvAndWritesAModelThatClassifiesTheRows() throws IOException {
    Path csv = irisCsv(dir.resolve("iris.csv"));
    Path out = dir.resolve("avg.nn4j");

    Run r = run(config(AVERAGE).toString(), csv.toString(), out.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("nn4j: epoch 1 {loss=").contains("nn4j: epoch 40 {loss=")
        .doesNotContain("epoch 41");
    Model model = ModelFile.load(out, PluginRegistry.discover());
    assertThat(model.classes()).isEqualTo(SPECIES);
    assertThat(model.provenance()).containsEntry("trainer",
        "nn-spark average, 2 partitions, localSteps 3, warmupSteps 2");
    List<double[]> rows = irisRows();
    float[] x = new float[rows.size() * 4];
    for (int i = 0; i < rows.size(); i++) {
      for (int c = 0; c < 4; c++) {
        x[i * 4 + c] = (float) rows.get(i)[c];
      }
    }
    List<Model.Classification> classes = model.classify(new Matrix(rows.size(), 4, x));
    int right = 0;
    for (int i = 0; i < rows.size(); i++) {
      right += classes.get(i).index() == (int) rows.get(i)[4] ? 1 : 0;
    }
    assertThat(right).as("rows classified right of " + rows.size()).isGreaterThanOrEqualTo(135);
  }

  @Test
  void resumesAKilledAveragingRunFromItsCheckpointBitForBit() throws IOException {
    String config = AVERAGE.replace("epochs: 40", "epochs: 3");
    Path csv = irisCsv(dir.resolve("iris.csv"));
    Path whole = dir.resolve("whole.nn4j");
    Run uninterrupted = run(config(config).toString(), csv.toString(), whole.toString());
    assertThat(uninterrupted.code()).as(uninterrupted.err()).isZero();

    // 8 steps an epoch; rounds end at steps 1, 2, 5, 8, ..., 14, 17: epoch 2 ends inside the
    // last one, epoch 1 with a round
    Path resumed = dir.resolve("resumed.nn4j");
    Run again = killAndResume(config, csv, resumed, 2);
    assertThat(again.out()).contains("after epoch 2 (part)").doesNotContain("epoch 2 {")
        .contains("epoch 3 {");
    assertSameWeights(whole, resumed);

    // other rounds would make the checkpoint's step count mean something else
    Path other = Files.writeString(dir.resolve("other.yaml"), config
        .replace("localSteps: 3", "localSteps: 4"));
    Run mismatched = run(other.toString(), csv.toString(), dir.resolve("x.nn4j").toString(),
        "--resume", dir.resolve("run.ckpt").toString());
    assertThat(mismatched.code()).isEqualTo(TrainMain.USER_ERROR);
    assertThat(mismatched.err()).contains("run.ckpt: the checkpoint was written by 'nn-spark"
        + " average, 2 partitions, localSteps 3, warmupSteps 2'").contains("localSteps 4");
  }

  @Test
  void refusesWhatAveragingCannotDoInOneLine() throws IOException {
    Path csv = irisCsv(dir.resolve("iris.csv"));
    Path config = Files.writeString(dir.resolve("split.yaml"), AVERAGE
        .replace("  seed: 5\n", "  seed: 5\n  validationSplit: 0.2\n"));
    Run split = run(config.toString(), csv.toString(), dir.resolve("m.nn4j").toString());
    assertThat(split.code()).isEqualTo(TrainMain.USER_ERROR);
    assertThat(split.err()).contains("split.yaml: training.validationSplit: not supported with"
        + " training.distributed.algorithm: average");
    assertThat(split.err()).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(split.err().lines()).hasSize(1);

    Path missing = Files.writeString(dir.resolve("missing.csv"),
        "a,b,c,d,species\n1,2,3,4,setosa\n1,2,3,4,versicolor\n1,2,,4,virginica\n");
    Path fine = config(AVERAGE);
    Run hole = run(fine.toString(), missing.toString(), dir.resolve("m.nn4j").toString(),
        "--partitions", "1");
    assertThat(hole.code()).as(hole.err() + hole.out()).isEqualTo(TrainMain.USER_ERROR);
    assertThat(hole.err()).contains("'features'").contains("position 2")
        .doesNotContain("\tat ");

    Path two = Files.writeString(dir.resolve("two.csv"),
        "a,b,c,d,species\n1,2,3,4,setosa\n1,2,3,4,virginica\n");
    Run fewer = run(fine.toString(), two.toString(), dir.resolve("m.nn4j").toString());
    assertThat(fewer.code()).isEqualTo(TrainMain.USER_ERROR);
    assertThat(fewer.err()).contains("'species' of " + two + " has 2 labels [setosa, virginica]"
        + " but the network has 3 outputs");
    assertThat(dir.resolve("m.nn4j")).doesNotExist();
  }

  @Test
  void reportsAUsersMistakesInOneLineWithoutAStackTrace() throws IOException {
    Path csv = irisCsv(dir.resolve("iris.csv"));
    Path config = config(CONFIG);
    String out = dir.resolve("m.nn4j").toString();

    Run missing = run(dir.resolve("none.yaml").toString(), csv.toString(), out);
    assertThat(missing.code()).isEqualTo(TrainMain.USER_ERROR);
    assertThat(missing.err()).contains("none.yaml: no such file");

    Run noData = run(config.toString(), dir.resolve("none.csv").toString(), out);
    assertThat(noData.code()).isEqualTo(TrainMain.USER_ERROR);
    assertThat(noData.err()).contains("none.csv: no such file");

    Path bad = Files.writeString(dir.resolve("bad.yaml"), CONFIG.replace("tanh", "tanhh"));
    Run badConfig = run(bad.toString(), csv.toString(), out);
    assertThat(badConfig.code()).isEqualTo(TrainMain.USER_ERROR);
    assertThat(badConfig.err()).containsPattern(java.util.regex.Pattern.quote(bad.toString())
        + ":7:\\d+: ").contains("tanhh");

    Run wrongColumn = run(config.toString(), csv.toString(), out, "--label", "kind");
    assertThat(wrongColumn.code()).isEqualTo(TrainMain.USER_ERROR);
    assertThat(wrongColumn.err()).contains("'kind'").contains("petal_width");

    Run wrongWidth = run(config.toString(), csv.toString(), out, "--features", "sepal_length");
    assertThat(wrongWidth.code()).isEqualTo(TrainMain.USER_ERROR);
    assertThat(wrongWidth.err()).contains("network.inputs");

    Path notParquet = Files.writeString(dir.resolve("text.parquet"), "not parquet\n");
    Run unreadable = run(config.toString(), notParquet.toString(), out);
    assertThat(unreadable.code()).isEqualTo(TrainMain.USER_ERROR);
    assertThat(unreadable.err()).contains("text.parquet: Spark cannot read it as parquet");

    String before = Files.readString(config);
    Run overwrite = run(config.toString(), csv.toString(), config.toString());
    assertThat(overwrite.code()).isEqualTo(TrainMain.USER_ERROR);
    assertThat(overwrite.err()).contains("never overwritten");
    assertThat(Files.readString(config)).isEqualTo(before);

    for (Run r : List.of(missing, noData, badConfig, wrongColumn, wrongWidth, unreadable,
        overwrite)) {
      assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
      assertThat(r.err().lines()).hasSize(1);
    }
    assertThat(Path.of(out)).doesNotExist();
  }
}
