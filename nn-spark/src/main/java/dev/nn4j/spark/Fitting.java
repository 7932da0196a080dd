package dev.nn4j.spark;

import dev.nn4j.api.Matrix;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.DistributedSpec;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.data.Scaler;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** What the estimators share: read the config, train with {@link SyncDataParallel}, save. */
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
   * Trains the config's network on the collected samples, each step data-parallel over the
   * partitions (the estimator's, else {@code training.distributed.partitions}, else Spark's
   * default parallelism), and wraps it as a model.
   */
  static Model train(SparkSession session, PluginRegistry registry, ModelSpec spec,
      Matrix features, Matrix targets, List<String> classes, int partitions) {
    JavaSparkContext spark = JavaSparkContext.fromSparkContext(session.sparkContext());
    DistributedSpec distributed = spec.training().distributed();
    int parts = partitions > 0 ? partitions
        : distributed != null && distributed.partitions() > 0 ? distributed.partitions()
        : spark.defaultParallelism();
    Network network = spec.network().build(registry);
    Trainer trainer = Trainer.builder(registry).loss(spec.loss()).optimizer(spec.optimizer())
        .options(spec.training().options()).schedule(spec.training().schedule())
        .gradientStrategy(new SyncDataParallel(spark, spec.loss(), parts)).build();
    trainer.fit(network, new Dataset(features, targets));
    return new Model(spec.name(), network, Scaler.fit("none", features), classes, spec.loss(),
        null, spec.text(), Map.of("trainer", "nn-spark sync, " + parts + " partitions"));
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
