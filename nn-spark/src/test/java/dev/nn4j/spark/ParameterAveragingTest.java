package dev.nn4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.PluginKind;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingOptions;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.DistributedSpec;
import dev.nn4j.core.config.ModelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parameter averaging (local SGD), in local[2,3] (a failed task is tried up to 3 times) with the
 * Kryo serializer.
 */
class ParameterAveragingTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();
  private static final PluginSpec LOSS =
      REGISTRY.resolve(PluginKind.LOSS, PluginSpec.of("categorical_cross_entropy"));
  private static final PluginSpec ADAM = REGISTRY.resolve(PluginKind.OPTIMIZER,
      PluginSpec.of("adam"));
  private static final PluginSpec CONSTANT = REGISTRY.resolve(PluginKind.SCHEDULE,
      PluginSpec.of("constant"));
  private static SparkSession session;
  private static JavaSparkContext spark;

  @BeforeAll
  static void start() {
    // Kryo, as many clusters configure it, serializes the broadcasts, results and cached blocks
    session = LocalSpark.start("ParameterAveragingTest", "local[2,3]",
        Map.of("spark.serializer", "org.apache.spark.serializer.KryoSerializer"));
    spark = JavaSparkContext.fromSparkContext(session.sparkContext());
  }

  @AfterAll
  static void stop() {
    session.stop();
  }

  private static Network network() {
    return Network.builder(REGISTRY).inputs(5).seed(7).dense(16, "tanh").dense(8, "relu")
        .dense(3, "softmax").build();
  }

  /** n seeded samples of 3 classes: features then the class index. */
  private static List<Row> rows(int n) {
    SplittableRandom random = new SplittableRandom(11);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int c = random.nextInt(3);
      Double[] x = new Double[5];
      for (int j = 0; j < 5; j++) {
        x[j] = random.nextGaussian() + (j % 3 == c ? 1.5 : 0);
      }
      rows.add(RowFactory.create(List.of(x), (double) c));
    }
    return rows;
  }

  private static final StructType SCHEMA = new StructType()
      .add("features", DataTypes.createArrayType(DataTypes.DoubleType))
      .add("label", DataTypes.DoubleType);

  /** The features of a row made here (a Java list, before Spark has seen it). */
  @SuppressWarnings("unchecked")
  private static List<Double> features(Row row) {
    return (List<Double>) row.get(0);
  }

  /** Rows made here as nn4j's samples: the features and one-hot targets. */
  private static dev.nn4j.core.Dataset dataset(List<Row> rows) {
    int n = rows.size();
    float[] x = new float[n * 5];
    float[] y = new float[n * 3];
    for (int r = 0; r < n; r++) {
      List<Double> f = features(rows.get(r));
      for (int j = 0; j < 5; j++) {
        x[r * 5 + j] = f.get(j).floatValue();
      }
      y[r * 3 + (int) rows.get(r).getDouble(1)] = 1;
    }
    return new dev.nn4j.core.Dataset(new Matrix(n, 5, x), new Matrix(n, 3, y));
  }

  private static Dataset<Row> frame(List<Row> rows, int partitions) {
    return session.createDataFrame(rows, SCHEMA).repartition(partitions);
  }

  private static TrainingOptions options(int epochs, int batch, boolean shuffle) {
    return TrainingOptions.DEFAULTS.withEpochs(epochs).withBatchSize(batch).withShuffle(shuffle)
        .withSeed(3);
  }

  /** Trains with parameter averaging; the accumulator counts the rows read from the frame. */
  private static ParameterAveraging.Summary average(Network network, Dataset<Row> frame,
      TrainingOptions options, DistributedSpec distributed, ExecutorRegistry executors,
      TaskHook hook, LongAccumulator read) {
    JavaRDD<Frames.Block> blocks = Frames.blocks(frame, "features", "label", 5,
        new Targets.Classes("label", 3), read);
    try {
      return new ParameterAveraging(spark, REGISTRY, LOSS, ADAM, CONSTANT, options, distributed,
          executors, hook).train(network, blocks);
    } finally {
      blocks.unpersist(false);
    }
  }

  private static List<float[]> weights(Network network) {
    List<float[]> values = new ArrayList<>();
    network.parameters().forEach(p -> values.add(p.value().clone()));
    return values;
  }

  private static void assertSameBits(List<float[]> actual, List<float[]> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i)).as("parameter %d", i).containsExactly(expected.get(i));
    }
  }

  @Test
  void withOnePartitionItIsTheSingleMachineTrainerBitForBit() {
    // 60 rows, unshuffled batches of 20: the partition's batches are the trainer's, and Adam's
    // moments must travel from round to round (and from the warm-up on the driver) to match
    List<Row> rows = rows(60);
    Network local = network();
    Trainer.builder(REGISTRY).loss(LOSS).optimizer(ADAM).options(options(3, 20, false)).build()
        .fit(local, dataset(rows));

    Network averaged = network();
    ParameterAveraging.Summary summary = average(averaged,
        session.createDataFrame(rows, SCHEMA).coalesce(1),
        options(3, 20, false), new DistributedSpec("average", 1, 2, 3),
        ExecutorRegistry.DISCOVER, TaskHook.NONE,
        spark.sc().longAccumulator());
    assertThat(summary.steps()).isEqualTo(9);
    assertThat(summary.rounds()).isEqualTo(3 + 3); // 3 warm-up steps, then 2 + 2 + 2
    assertSameBits(weights(averaged), weights(local));
    assertThat(weights(local).get(0)).isNotEqualTo(weights(network()).get(0));
  }

  @Test
  void aTaskThatFailsOnceIsRetriedAndGivesTheSameWeights() {
    Dataset<Row> frame = frame(rows(90), 3);
    DistributedSpec distributed = new DistributedSpec("average", 3, 3, 2);
    Network clean = network();
    ParameterAveraging.Summary first = average(clean, frame, options(2, 8, true), distributed,
        ExecutorRegistry.DISCOVER, TaskHook.NONE,
        spark.sc().longAccumulator());
    assertThat(first.retriedTasks()).isZero();

    // the first attempt of partition 1's task in round 3 (a local round) fails, once
    TaskHook failOnce = (round, partition) -> {
      if (round == 3 && partition == 1 && TaskContext.get().attemptNumber() == 0) {
        throw new IllegalStateException("a task failure injected by the test");
      }
    };
    Network retried = network();
    ParameterAveraging.Summary second = average(retried, frame, options(2, 8, true),
        distributed, ExecutorRegistry.DISCOVER, failOnce, spark.sc().longAccumulator());
    assertThat(second.retriedTasks()).isEqualTo(1);
    assertSameBits(weights(retried), weights(clean));
    assertThat(second.lastLoss()).isEqualTo(first.lastLoss());
  }

  @Test
  void aSynchronousStepWhoseTaskFailsOnceIsRetriedAndGivesTheSameWeights() {
    Trainer.Builder trainer = Trainer.builder(REGISTRY).loss(LOSS).optimizer(ADAM)
        .options(options(2, 20, true));
    Network clean = network();
    trainer.gradientStrategy(new SyncDataParallel(spark, LOSS, 3)).build()
        .fit(clean, dataset(rows(60)));

    // step 2's task of partition 1: its first attempt fails; with failOnce, Spark's retry runs
    TaskHook always = (step, partition) -> {
      if (step == 2 && partition == 1) {
        throw new IllegalStateException("a task failure injected by the test");
      }
    };
    TaskHook failOnce = (step, partition) -> {
      if (TaskContext.get().attemptNumber() == 0) {
        always.start(step, partition);
      }
    };
    Network retried = network();
    trainer.gradientStrategy(new SyncDataParallel(spark, LOSS, 3, ExecutorRegistry.DISCOVER,
        failOnce)).build().fit(retried, dataset(rows(60)));
    assertSameBits(weights(retried), weights(clean));
    // the hook does fail that task: failing every attempt fails the training
    Trainer failing = trainer.gradientStrategy(new SyncDataParallel(spark, LOSS, 3,
        ExecutorRegistry.DISCOVER, always)).build();
    assertThatThrownBy(() -> failing.fit(network(), dataset(rows(60))))
        .hasStackTraceContaining("a task failure injected by the test");
  }

  @Test
  void eachRoundReadsTheCachedPartitionsNotTheSourceAndTrainsTheExpectedRows() {
    Dataset<Row> frame = frame(rows(70), 2);
    LongAccumulator read = spark.sc().longAccumulator();
    ParameterAveraging.Summary summary = average(network(), frame, options(3, 10, true),
        new DistributedSpec("average", 2, 2, 1), ExecutorRegistry.DISCOVER,
        TaskHook.NONE, read);
    // ceil(70 / (2 × 10)) = 4 steps an epoch, 12 in all: 1 warm-up round, then 6 local rounds
    assertThat(summary.steps()).isEqualTo(12);
    assertThat(summary.rounds()).isEqualTo(1 + 6);
    // every row was read from the DataFrame once, though 7 rounds ran over the partitions
    assertThat(read.value()).isEqualTo(70);
    assertThat(summary.rows()[0] + summary.rows()[1]).isEqualTo(70);
    // each of the 12 steps of each partition trained on a batch of 10 rows
    assertThat(summary.rowsTrained()).isEqualTo(12L * 2 * 10);
  }

  @Test
  void anEmptyPartitionIsNamed() {
    Dataset<Row> sparse = frame(rows(3), 6);
    assertThatThrownBy(() -> average(network(), sparse, options(1, 2, true),
        new DistributedSpec("average", 6, 2, 0), ExecutorRegistry.DISCOVER,
        TaskHook.NONE, spark.sc().longAccumulator()))
        .isInstanceOf(Nn4jSparkException.class)
        .hasMessageMatching("partition \\d of the DataFrame's 6 has no rows;.*")
        .hasMessageContaining("repartition the DataFrame or set fewer partitions");
  }

  @Test
  void aPluginMissingOnTheExecutorsIsNamed() {
    ExecutorRegistry withoutTanh = TestSupport.executorsWithout(PluginKind.ACTIVATION, "tanh");
    assertThatThrownBy(() -> average(network(), frame(rows(20), 2), options(1, 5, true),
        new DistributedSpec("average", 2, 2, 0), withoutTanh,
        TaskHook.NONE, spark.sc().longAccumulator()))
        .isInstanceOf(Nn4jSparkException.class)
        .hasMessageContaining("an executor cannot rebuild the network")
        .hasMessageContaining("tanh")
        .hasMessageContaining("--jars");
  }

  /** The digits (64 pixels 0..16, 10 classes) as shipped with nn-examples, pixels / 16. */
  private static List<Row> digits() throws IOException {
    Path file = Path.of("../nn-examples/src/main/resources/examples/data/digits.csv.gz");
    List<Row> rows = new ArrayList<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.trim().split(",");
        Double[] x = new Double[64];
        for (int j = 0; j < 64; j++) {
          x[j] = Double.parseDouble(f[j]) / 16;
        }
        rows.add(RowFactory.create(List.of(x), Double.parseDouble(f[64])));
      }
    }
    return rows;
  }

  private static final String DIGITS = """
      name: digits-spark
      network:
        inputs: 64
        seed: 5
        layers:
          - units: 32
            activation: tanh
          - units: 10
            activation: softmax
      loss: categorical_cross_entropy
      optimizer:
        type: adam
        learningRate: 0.01
      training:
        epochs: 30
        batchSize: 16
        seed: 3
      """;

  @Test
  void averagingReachesTheSingleMachineAccuracyOnDigits() throws IOException {
    List<Row> all = digits();
    List<Row> train = new ArrayList<>();
    List<Row> test = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      (i % 5 == 0 ? test : train).add(all.get(i)); // 1437 to train on, 360 to test
    }
    // one machine: the same config with nn4j's trainer
    ModelSpec spec = new ConfigReader(REGISTRY).readWithoutData(DIGITS, "digits");
    Network local = spec.network().build(REGISTRY);
    float[] x = new float[train.size() * 64];
    float[] y = new float[train.size() * 10];
    for (int r = 0; r < train.size(); r++) {
      List<Double> f = features(train.get(r));
      for (int j = 0; j < 64; j++) {
        x[r * 64 + j] = f.get(j).floatValue();
      }
      y[r * 10 + (int) train.get(r).getDouble(1)] = 1;
    }
    Trainer.builder(REGISTRY).loss(spec.loss()).optimizer(spec.optimizer())
        .options(spec.training().options()).build()
        .fit(local, new dev.nn4j.core.Dataset(new Matrix(train.size(), 64, x),
            new Matrix(train.size(), 10, y)));
    int right = 0;
    for (Row row : test) {
      List<Double> f = features(row);
      float[] v = new float[64];
      for (int j = 0; j < 64; j++) {
        v[j] = f.get(j).floatValue();
      }
      float[] out = local.predict(new Matrix(1, 64, v)).data();
      int best = 0;
      for (int c = 1; c < 10; c++) {
        best = out[c] > out[best] ? c : best;
      }
      right += best == (int) row.getDouble(1) ? 1 : 0;
    }
    double single = (double) right / test.size();

    // Spark: 4 partitions, 8 local steps between averagings after 10 synchronous ones
    String config = DIGITS + "  distributed:\n    algorithm: average\n    partitions: 4\n"
        + "    localSteps: 8\n    warmupSteps: 10\n";
    Nn4jClassificationModel model = new Nn4jClassifier().setConfig(config)
        .setFeaturesCol("features").fit(session.createDataFrame(train, SCHEMA));
    assertThat(model.model().provenance()).containsEntry("trainer",
        "nn-spark average, 4 partitions, localSteps 8, warmupSteps 10");
    Dataset<Row> predicted = model.transform(session.createDataFrame(test, SCHEMA));
    double averaged = (double) predicted.filter(functions.col("prediction")
        .equalTo(functions.col("label"))).count() / test.size();

    assertThat(single).isGreaterThan(0.9);
    assertThat(averaged).as("averaging %s vs one machine %s", averaged, single)
        .isGreaterThanOrEqualTo(single - 0.01);
  }
}
