package dev.nn4j.spark;

import dev.nn4j.api.Matrix;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.model.Model;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML estimator that trains an nn4j configuration as a classifier, like MLlib's {@code
 * MultilayerPerceptronClassifier}: {@code config} is a YAML (or JSON) document with the usual
 * {@code network}, {@code loss}, {@code optimizer} and {@code training} sections and no {@code
 * data} section; {@code featuresCol} holds an ML {@code Vector} (as {@code VectorAssembler} makes)
 * or an array of numbers; {@code labelCol} holds class indices 0 to k−1 (as {@code StringIndexer}
 * makes), k being the network's outputs (with one output, labels 0 and 1 are its target).
 *
 * <p>{@link #fit} collects the features and labels to the driver, where the trainer draws its
 * batches, and computes each step's gradients over {@code partitions} Spark tasks with {@link
 * SyncDataParallel} (0, the default, takes the config's {@code training.distributed.partitions},
 * else Spark's default parallelism). The training section's
 * validation and test splits and checkpoints are not used. Persistence: {@code write()} and
 * {@link #read()} keep the parameters.
 *
 * <p>Thread-safety: as Spark ML's estimators; a fit uses the calling thread and Spark's executors.
 */
public final class Nn4jClassifier extends Estimator<Nn4jClassificationModel>
    implements DefaultParamsWritable {

  private static final long serialVersionUID = 1L;
  private final String uid;
  private final Param<String> config;
  private final Param<String> featuresCol;
  private final Param<String> labelCol;
  private final Param<String> predictionCol;
  private final Param<String> probabilityCol;
  private final IntParam partitions;

  /** An estimator with a fresh uid. */
  public Nn4jClassifier() {
    this(Identifiable$.MODULE$.randomUID("nn4jClassifier"));
  }

  /**
   * An estimator with a given uid (Spark ML's copy and persistence use this).
   *
   * @param uid the uid
   */
  public Nn4jClassifier(String uid) {
    this.uid = uid;
    config = new Param<>(this, "config", "the nn4j configuration (YAML or JSON) without a data"
        + " section");
    featuresCol = new Param<>(this, "featuresCol", "features column: Vector or array of numbers");
    labelCol = new Param<>(this, "labelCol", "label column: class indices 0..k-1");
    predictionCol = new Param<>(this, "predictionCol", "output column: the predicted class index");
    probabilityCol = new Param<>(this, "probabilityCol", "output column: the network's outputs");
    partitions = new IntParam(this, "partitions", "Spark tasks per training step; 0 for the"
        + " config's training.distributed.partitions, else Spark's default parallelism");
    setDefault(config, "");
    setDefault(featuresCol, "features");
    setDefault(labelCol, "label");
    setDefault(predictionCol, "prediction");
    setDefault(probabilityCol, "probability");
    setDefault(partitions, (Object) 0);
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The nn4j configuration. @return the param */
  public Param<String> config() {
    return config;
  }

  /** The features column. @return the param */
  public Param<String> featuresCol() {
    return featuresCol;
  }

  /** The label column. @return the param */
  public Param<String> labelCol() {
    return labelCol;
  }

  /** The prediction column the model adds. @return the param */
  public Param<String> predictionCol() {
    return predictionCol;
  }

  /** The probability column the model adds. @return the param */
  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  /** The Spark tasks per training step. @return the param */
  public IntParam partitions() {
    return partitions;
  }

  /** Sets the configuration. @param value YAML or JSON @return this */
  public Nn4jClassifier setConfig(String value) {
    set(config, value);
    return this;
  }

  /** Sets the features column. @param value the column @return this */
  public Nn4jClassifier setFeaturesCol(String value) {
    set(featuresCol, value);
    return this;
  }

  /** Sets the label column. @param value the column @return this */
  public Nn4jClassifier setLabelCol(String value) {
    set(labelCol, value);
    return this;
  }

  /** Sets the prediction column. @param value the column @return this */
  public Nn4jClassifier setPredictionCol(String value) {
    set(predictionCol, value);
    return this;
  }

  /** Sets the probability column. @param value the column @return this */
  public Nn4jClassifier setProbabilityCol(String value) {
    set(probabilityCol, value);
    return this;
  }

  /** Sets the Spark tasks per step. @param value at least 0 @return this */
  public Nn4jClassifier setPartitions(int value) {
    set(partitions, value);
    return this;
  }

  @Override
  public Nn4jClassificationModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    PluginRegistry registry = PluginRegistry.discover();
    ModelSpec spec = Fitting.config(registry, getOrDefault(config));
    int inputs = spec.network().inputs();
    String label = getOrDefault(labelCol);
    Frames.Collected data = Frames.collect(dataset, getOrDefault(featuresCol), label, inputs);
    int outputs = spec.network().build(registry).outputs();
    int classes = Math.max(outputs, 2);
    float[] y = new float[data.labels().length * outputs];
    for (int r = 0; r < data.labels().length; r++) {
      double v = data.labels()[r];
      if (v != Math.rint(v) || v < 0 || v >= classes) {
        throw new Nn4jSparkException("row " + r + " of the label column '" + label + "' is " + v
            + "; labels must be class indices 0 to " + (classes - 1) + " (the network has "
            + outputs + " output" + (outputs == 1 ? "" : "s") + ")");
      }
      if (outputs == 1) {
        y[r] = (float) v;
      } else {
        y[r * outputs + (int) v] = 1;
      }
    }
    List<String> names = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      names.add(Integer.toString(c));
    }
    Model model = Fitting.train(dataset.sparkSession(), registry, spec, data.features(),
        new Matrix(data.labels().length, outputs, y), names, (Integer) getOrDefault(partitions));
    Nn4jClassificationModel fitted = new Nn4jClassificationModel(uid, model);
    copyValues(fitted, ParamMap.empty());
    return fitted.setParent(this);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Frames.requireFeatures(schema, getOrDefault(featuresCol));
    Frames.requireLabel(schema, getOrDefault(labelCol));
    return Frames.add(Frames.add(schema, getOrDefault(probabilityCol), SQLDataTypes.VectorType()),
        getOrDefault(predictionCol), DataTypes.DoubleType);
  }

  @Override
  public Nn4jClassifier copy(ParamMap extra) {
    return (Nn4jClassifier) defaultCopy(extra);
  }

  /**
   * Spark ML's reader of saved estimators.
   *
   * @return the reader
   */
  public static MLReader<Nn4jClassifier> read() {
    return new DefaultParamsReader<>();
  }

  /**
   * Loads a saved estimator.
   *
   * @param path the folder
   * @return the estimator
   */
  public static Nn4jClassifier load(String path) {
    return read().load(path);
  }
}
