package dev.nn4j.spark;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.PluginKind;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingOptions;
import dev.nn4j.core.config.DistributedSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Measures, by hand (not a test), the time of one training step of a 784-256-128-10 MLP with
 * {@link SyncDataParallel} in local[2] against the single-machine trainer, for growing rows per
 * partition; with arguments {@code STEPS average K}, parameter averaging instead: each of the 2
 * partitions takes STEPS local steps of rows-per-partition rows from its cached block, averaging
 * every K steps, against the single-machine trainer's steps over the same global batch. Run from
 * the repository root after {@code mvn -B -ntp -pl nn-spark -am test-compile}; see BENCHMARKS.md
 * for the command.
 */
final class StepOverhead {

  private StepOverhead() {}

  public static void main(String[] args) {
    int partitions = 2;
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int localSteps = args.length > 2 && args[1].equals("average") ? Integer.parseInt(args[2]) : 0;
    PluginRegistry registry = PluginRegistry.discover();
    PluginSpec loss = registry.resolve(PluginKind.LOSS, PluginSpec.of("categorical_cross_entropy"));
    SparkSession session = LocalSpark.start("StepOverhead");
    JavaSparkContext spark = JavaSparkContext.fromSparkContext(session.sparkContext());
    System.out.println("rows/partition | local ms/step | spark ("
        + (localSteps > 0 ? "average, localSteps " + localSteps : "sync")
        + ") ms/step | overhead ms/step | spark/local throughput");
    for (int rowsPerPartition : new int[] {16, 64, 256, 1024, 4096}) {
      int batch = rowsPerPartition * partitions;
      Dataset data = data(batch * steps, registry);
      double local = time(registry, loss, batch, data, null, spark, partitions);
      double distributed = localSteps > 0
          ? timeAveraging(registry, loss, rowsPerPartition, steps, localSteps, spark, partitions)
          : time(registry, loss, batch, data, loss, spark, partitions);
      System.out.printf(Locale.ROOT, "%d | %.1f | %.1f | %.1f | %.0f %%%n", rowsPerPartition,
          local / steps, distributed / steps, (distributed - local) / steps,
          100 * local / distributed);
    }
    session.stop();
  }

  /** Milliseconds of one epoch ({@code steps} batches), after one epoch of warm-up. */
  private static double time(PluginRegistry registry, PluginSpec loss, int batch, Dataset data,
      PluginSpec sparkLoss, JavaSparkContext spark, int partitions) {
    Trainer.Builder builder = Trainer.builder(registry).loss(loss).optimizer("sgd").epochs(1)
        .batchSize(batch).shuffle(false);
    if (sparkLoss != null) {
      builder.gradientStrategy(new SyncDataParallel(spark, sparkLoss, partitions));
    }
    Network network = network(registry);
    builder.build().fit(network, data);
    long start = System.nanoTime();
    builder.build().fit(network, data);
    return (System.nanoTime() - start) / 1e6;
  }

  /**
   * Milliseconds of {@code steps} local steps of every partition with parameter averaging every
   * {@code localSteps}, after one such run of warm-up; each partition's block is cached first.
   */
  private static double timeAveraging(PluginRegistry registry, PluginSpec loss, int batch,
      int steps, int localSteps, JavaSparkContext spark, int partitions) {
    List<Frames.Block> blocks = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      Dataset d = data(batch * steps, registry);
      blocks.add(new Frames.Block(d.size(), d.features().data(), d.targets().data()));
    }
    JavaRDD<Frames.Block> cached = spark.parallelize(blocks, partitions)
        .persist(StorageLevel.MEMORY_ONLY());
    cached.count();
    ParameterAveraging averaging = new ParameterAveraging(spark, registry, loss,
        PluginSpec.of("sgd"), PluginSpec.of("constant"), TrainingOptions.DEFAULTS.withEpochs(1)
        .withBatchSize(batch).withShuffle(false),
        new DistributedSpec("average", partitions, localSteps, 0), ExecutorRegistry.DISCOVER,
        TaskHook.NONE);
    averaging.train(network(registry), cached);
    long start = System.nanoTime();
    averaging.train(network(registry), cached);
    double ms = (System.nanoTime() - start) / 1e6;
    cached.unpersist(false);
    return ms;
  }

  private static Network network(PluginRegistry registry) {
    return Network.builder(registry).inputs(784).seed(1).dense(256, "relu")
        .dense(128, "relu").dense(10, "softmax").build();
  }

  private static Dataset data(int rows, PluginRegistry registry) {
    SplittableRandom random = new SplittableRandom(1);
    float[] x = new float[rows * 784];
    float[] y = new float[rows * 10];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble();
    }
    for (int r = 0; r < rows; r++) {
      y[r * 10 + random.nextInt(10)] = 1;
    }
    return new Dataset(new Matrix(rows, 784, x), new Matrix(rows, 10, y));
  }
}
