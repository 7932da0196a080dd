package dev.nn4j.spark;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.PluginKind;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.Trainer;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Measures, by hand (not a test), the time of one training step of a 784-256-128-10 MLP with
 * {@link SyncDataParallel} in local[2] against the single-machine trainer, for growing rows per
 * partition. Run from the repository root after {@code mvn -B -ntp -pl nn-spark -am
 * test-compile}; see BENCHMARKS.md for the command.
 */
final class StepOverhead {

  private StepOverhead() {}

  public static void main(String[] args) {
    int partitions = 2;
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    PluginRegistry registry = PluginRegistry.discover();
    PluginSpec loss = registry.resolve(PluginKind.LOSS, PluginSpec.of("categorical_cross_entropy"));
    SparkSession session = LocalSpark.start("StepOverhead");
    JavaSparkContext spark = JavaSparkContext.fromSparkContext(session.sparkContext());
    System.out.println("rows/partition | local ms/step | spark ms/step | overhead ms/step |"
        + " spark/local throughput");
    for (int rowsPerPartition : new int[] {16, 64, 256, 1024, 4096}) {
      int batch = rowsPerPartition * partitions;
      Dataset data = data(batch * steps, registry);
      double local = time(registry, loss, batch, data, null, spark, partitions);
      double distributed = time(registry, loss, batch, data, loss, spark, partitions);
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
    Network network = Network.builder(registry).inputs(784).seed(1).dense(256, "relu")
        .dense(128, "relu").dense(10, "softmax").build();
    builder.build().fit(network, data);
    long start = System.nanoTime();
    builder.build().fit(network, data);
    return (System.nanoTime() - start) / 1e6;
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
