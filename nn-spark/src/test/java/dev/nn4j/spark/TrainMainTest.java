package dev.nn4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

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
 * itself): Parquet and CSV data, checkpoints and resuming, and the errors a user sees.
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

    Path checkpoint = dir.resolve("run.ckpt");
    Path resumed = dir.resolve("resumed.nn4j");
    Path checkpointed = Files.writeString(dir.resolve("checkpointed.yaml"), CONFIG
        + "  checkpoint: {file: '" + checkpoint + "', every: 1}\n");
    TrainingListener kill = new TrainingListener() {
      @Override
      public void onEpochEnd(EpochResult epoch) {
        assertThat(checkpoint).exists(); // written before this listener runs
        throw new IllegalStateException("killed after epoch " + epoch.epoch());
      }
    };
    Run killed = run(List.of(kill), checkpointed.toString(), csv.toString(),
        resumed.toString());
    assertThat(killed.code()).isEqualTo(TrainMain.INTERNAL_ERROR);
    assertThat(killed.err()).contains("killed after epoch 1");
    assertThat(resumed).doesNotExist();

    Run again = run(checkpointed.toString(), csv.toString(), resumed.toString(), "--resume",
        checkpoint.toString());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("after epoch 1").doesNotContain("epoch 1 {");

    PluginRegistry registry = PluginRegistry.discover();
    List<Parameter> expected = ModelFile.load(whole, registry).network().parameters();
    List<Parameter> actual = ModelFile.load(resumed, registry).network().parameters();
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i).value()).as(expected.get(i).name())
          .containsExactly(expected.get(i).value());
    }
    assertThat(ModelFile.load(resumed, registry).classes()).isEqualTo(SPECIES);
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
