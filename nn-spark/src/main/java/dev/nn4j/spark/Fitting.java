package dev.nn4j.spark;

import dev.nn4j.api.OptimizerState;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.DistributedSpec;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.data.CsvReader;
import dev.nn4j.core.data.Scaler;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;

/** What the estimators share: read the config, train by the configured algorithm, save. */
final class Fitting {

  /** The model file's name inside a Spark ML model folder. */
  static final String MODEL_FILE = "model.nn4j";

  private Fitting() {}

  /** Reads a config whose samples come from a DataFrame. */
  static ModelSpec config(PluginRegistry registry, String yaml) {
    if (yaml == null || yaml.isBlank()) {
      throw new Nn4jSparkException("no config: set it with setConfig(yaml)");
    }
    return new ConfigReader(registry).readWithoutData(yaml, "config");
  }

  /**
   * Trains the config's network on a DataFrame's features and labels and wraps it as a model.
   * With {@code training.distributed.algorithm: sync} (the default) the samples are collected to
   * the driver, where the trainer draws its batches, and each step's gradients are computed over
   * the partitions with {@link SyncDataParallel}; with {@code average}, each partition of the
   * DataFrame trains on its own rows, cached on the executors, with {@link ParameterAveraging}.
   * The partitions are the estimator's, else {@code training.distributed.partitions}, else
   * Spark's default parallelism (sync) or the DataFrame's partitions (average).
   *
   * @param targets how a label becomes the samples' targets
   * @param classes the class names in output order; empty for a regression
   * @param partitions the estimator's partitions, 0 when it does not set them
   */
  static Model train(org.apache.spark.sql.Dataset<?> frame, PluginRegistry registry,
      ModelSpec spec, String featuresColumn, String labelColumn, Targets targets,
      List<String> classes, int partitions) {
    JavaSparkContext spark = JavaSparkContext.fromSparkContext(frame.sparkSession()
        .sparkContext());
    DistributedSpec distributed = spec.training().distributed() != null
        ? spec.training().distributed() : DistributedSpec.sync(0);
    int configured = partitions > 0 ? partitions : distributed.partitions();
    Network network = spec.network().build(registry);
    int inputs = network.inputs();
    String trainer;
    if (distributed.averaging()) {
      org.apache.spark.sql.Dataset<?> parted = partitioned(frame, configured);
      average(parted, registry, spec, distributed, featuresColumn, labelColumn, targets, network,
          0, OptimizerState.EMPTY, ParameterAveraging.Rounds.NONE);
      trainer = averageTrainer(distributed, parted.rdd().getNumPartitions());
    } else {
      int parts = configured > 0 ? configured : spark.defaultParallelism();
      Frames.Collected data = Frames.collect(frame, featuresColumn, labelColumn, inputs,
          targets);
      Trainer.builder(registry).loss(spec.loss()).optimizer(spec.optimizer())
          .options(spec.training().options()).schedule(spec.training().schedule())
          .gradientStrategy(new SyncDataParallel(spark, spec.loss(), parts)).build()
          .fit(network, new Dataset(data.features(), data.targets()));
      trainer = "nn-spark sync, " + parts + " partitions";
    }
    // "nn4j evaluate" reads a CSV file of the features then the label (a class index), no header
    CsvReader csv = new CsvReader(false, ',', -1, classes, targets.columns() > 1);
    return new Model(spec.name(), network, Scaler.identity(inputs), classes, spec.loss(), csv,
        spec.text(), Map.of("trainer", trainer));
  }

  /** The frame in {@code partitions} partitions; itself when 0 or when it has as many. */
  static org.apache.spark.sql.Dataset<?> partitioned(org.apache.spark.sql.Dataset<?> frame,
      int partitions) {
    return partitions > 0 && partitions != frame.rdd().getNumPartitions()
        ? frame.repartition(partitions) : frame;
  }

  /** The provenance's {@code trainer} of parameter averaging over {@code partitions}. */
  static String averageTrainer(DistributedSpec distributed, int partitions) {
    return "nn-spark average, " + partitions + " partitions, localSteps "
        + distributed.localSteps() + ", warmupSteps " + distributed.warmupSteps();
  }

  /**
   * Trains the network in place by parameter averaging over the frame's partitions: each
   * partition's (features, label) rows become a {@link Frames.Block} cached on the executors for
   * the run, and nothing but weights goes through the driver.
   *
   * @param frame the rows, already in the partitions to train (see {@link #partitioned})
   * @param start the steps already taken, 0 to start afresh (see {@link ParameterAveraging})
   * @param state the optimizer's state after step {@code start}
   * @param rounds told of each round's end
   * @return what was done
   */
  static ParameterAveraging.Summary average(org.apache.spark.sql.Dataset<?> frame,
      PluginRegistry registry, ModelSpec spec, DistributedSpec distributed,
      String featuresColumn, String labelColumn, Targets targets, Network network, long start,
      OptimizerState state, ParameterAveraging.Rounds rounds) {
    JavaSparkContext spark = JavaSparkContext.fromSparkContext(frame.sparkSession()
        .sparkContext());
    LongAccumulator read = spark.sc().longAccumulator("nn4j rows read");
    JavaRDD<Frames.Block> blocks = Frames.blocks(frame, featuresColumn, labelColumn,
        network.inputs(), targets, read);
    try {
      return new ParameterAveraging(spark, registry, spec.loss(), spec.optimizer(),
          spec.training().schedule(), spec.training().options(), distributed,
          ExecutorRegistry.DISCOVER, TaskHook.NONE).train(network, blocks, start, state, rounds);
    } finally {
      blocks.unpersist(false);
    }
  }

  /** The model file of a Spark ML model folder (a local path or a {@code file:} URI). */
  static Path modelFile(String folder) {
    Path dir;
    if (folder.startsWith("file:")) {
      dir = Path.of(URI.create(folder));
    } else if (folder.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:/.*")) {
      throw new Nn4jSparkException("nn-spark saves and loads models on local paths only, not "
          + folder);
    } else {
      dir = Path.of(folder);
    }
    return dir.resolve(MODEL_FILE);
  }

  /** Saves the model file into a Spark ML model folder. */
  static void save(Model model, String folder) {
    ModelFile.save(model, modelFile(folder));
  }
}
