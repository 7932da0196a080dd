package dev.nn4j.spark;

import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.model.Model;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * What {@link Nn4jClassifier} and {@link Nn4jRegressor} share: the params {@code config} (a YAML
 * or JSON document with the usual {@code network}, {@code loss}, {@code optimizer} and {@code
 * training} sections and no {@code data} section), {@code featuresCol} (an ML {@code Vector}, as
 * {@code VectorAssembler} makes, or an array of numbers), {@code labelCol} (numeric), {@code
 * predictionCol} and {@code partitions}, and the fit: the config's {@code
 * training.distributed.algorithm} chooses synchronous data-parallel steps ({@code sync}, the
 * default: samples collected to the driver) or parameter averaging ({@code average}: each
 * partition trains on its own rows, cached on the executors). The training section's validation
 * and test splits and checkpoints are not used. Persistence: {@code write()} and the subclasses'
 * {@code read()} keep the params.
 *
 * <p>Thread-safety: as Spark ML's estimators; a fit uses the calling thread and Spark's executors.
 *
 * @param <E> the estimator itself, which the setters return
 * @param <M> the model it fits
 */
public abstract sealed class Nn4jEstimator<E extends Nn4jEstimator<E, M>,
    M extends Nn4jPredictionModel<M>> extends Estimator<M> implements DefaultParamsWritable
    permits Nn4jClassifier, Nn4jRegressor {

  private static final long serialVersionUID = 1L;
  private final String uid;
  private final Param<String> config;
  private final Param<String> featuresCol;
  private final Param<String> labelCol;
  private final Param<String> predictionCol;
  private final IntParam partitions;

  Nn4jEstimator(String uid, String label, String prediction) {
    this.uid = uid;
    config = new Param<>(this, "config", "the nn4j configuration (YAML or JSON) without a data"
        + " section");
    featuresCol = new Param<>(this, "featuresCol", "features column: Vector or array of numbers");
    labelCol = new Param<>(this, "labelCol", "label column: " + label);
    predictionCol = new Param<>(this, "predictionCol", "output column: " + prediction);
    partitions = new IntParam(this, "partitions", "Spark partitions to train over; 0 for the"
        + " config's training.distributed.partitions, else Spark's default parallelism (sync)"
        + " or the DataFrame's partitions (average)");
    setDefault(config, "");
    setDefault(featuresCol, "features");
    setDefault(labelCol, "label");
    setDefault(predictionCol, "prediction");
    setDefault(partitions, (Object) 0);
  }

  @Override
  public final String uid() {
    return uid;
  }

  /** The nn4j configuration. @return the param */
  public final Param<String> config() {
    return config;
  }

  /** The features column. @return the param */
  public final Param<String> featuresCol() {
    return featuresCol;
  }

  /** The label column. @return the param */
  public final Param<String> labelCol() {
    return labelCol;
  }

  /** The prediction column the model adds. @return the param */
  public final Param<String> predictionCol() {
    return predictionCol;
  }

  /** The Spark partitions training runs over. @return the param */
  public final IntParam partitions() {
    return partitions;
  }

  /** Sets the configuration. @param value YAML or JSON @return this */
  public final E setConfig(String value) {
    set(config, value);
    return self();
  }

  /** Sets the features column. @param value the column @return this */
  public final E setFeaturesCol(String value) {
    set(featuresCol, value);
    return self();
  }

  /** Sets the label column. @param value the column @return this */
  public final E setLabelCol(String value) {
    set(labelCol, value);
    return self();
  }

  /** Sets the prediction column. @param value the column @return this */
  public final E setPredictionCol(String value) {
    set(predictionCol, value);
    return self();
  }

  /** Sets the partitions training runs over. @param value at least 0 @return this */
  public final E setPartitions(int value) {
    set(partitions, value);
    return self();
  }

  @SuppressWarnings("unchecked")
  private E self() {
    return (E) this;
  }

  @Override
  public final M fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    PluginRegistry registry = PluginRegistry.discover();
    ModelSpec spec = Fitting.config(registry, getOrDefault(config));
    int outputs = spec.network().build(registry).outputs();
    Targets targets = targets(getOrDefault(labelCol), outputs);
    Model model = Fitting.train(dataset, registry, spec, getOrDefault(featuresCol),
        getOrDefault(labelCol), targets, classes(outputs), (Integer) getOrDefault(partitions));
    M fitted = fitted(uid, model);
    copyValues(fitted, ParamMap.empty());
    return fitted.setParent(this);
  }

  /**
   * How the label column becomes targets for a network with {@code outputs} outputs; throws
   * naming the network's outputs when they do not suit.
   */
  abstract Targets targets(String labelColumn, int outputs);

  /** The class names in output order, empty for a regression. */
  abstract List<String> classes(int outputs);

  /** Wraps the trained model. */
  abstract M fitted(String uid, Model model);

  /** Adds the model's output columns. */
  abstract StructType outputs(StructType schema);

  @Override
  public final StructType transformSchema(StructType schema) {
    Frames.requireFeatures(schema, getOrDefault(featuresCol));
    Frames.requireLabel(schema, getOrDefault(labelCol));
    return outputs(schema);
  }
}
