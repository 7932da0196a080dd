package dev.nn4j.spark;

import dev.nn4j.core.model.Model;
import java.util.List;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML estimator that trains an nn4j configuration as a regressor: the network has one
 * output, {@code labelCol} holds the number it learns (any numeric column, read as a double), and
 * the model adds {@code predictionCol}, the network's output. The params and the fit are {@link
 * Nn4jEstimator}'s; the config's loss is typically {@code squared_error}.
 *
 * <p>Thread-safety: as Spark ML's estimators; a fit uses the calling thread and Spark's executors.
 */
public final class Nn4jRegressor extends Nn4jEstimator<Nn4jRegressor, Nn4jRegressionModel> {

  private static final long serialVersionUID = 1L;

  /** An estimator with a fresh uid. */
  public Nn4jRegressor() {
    this(Identifiable$.MODULE$.randomUID("nn4jRegressor"));
  }

  /**
   * An estimator with a given uid (Spark ML's copy and persistence use this).
   *
   * @param uid the uid
   */
  public Nn4jRegressor(String uid) {
    super(uid, "the number to learn (numeric)", "the network's output");
  }

  @Override
  Targets targets(String labelColumn, int outputs) {
    if (outputs != 1) {
      throw new Nn4jSparkException("the network has " + outputs + " outputs but Nn4jRegressor"
          + " learns one number per row: end the network with a layer of units: 1");
    }
    return new Targets.Values(labelColumn);
  }

  @Override
  List<String> classes(int outputs) {
    return List.of();
  }

  @Override
  Nn4jRegressionModel fitted(String uid, Model model) {
    return new Nn4jRegressionModel(uid, model);
  }

  @Override
  StructType outputs(StructType schema) {
    return Frames.add(schema, getOrDefault(predictionCol()), DataTypes.DoubleType);
  }

  @Override
  public Nn4jRegressor copy(ParamMap extra) {
    return (Nn4jRegressor) defaultCopy(extra);
  }

  /**
   * Spark ML's reader of saved estimators.
   *
   * @return the reader
   */
  public static MLReader<Nn4jRegressor> read() {
    return new DefaultParamsReader<>();
  }

  /**
   * Loads a saved estimator.
   *
   * @param path the folder
   * @return the estimator
   */
  public static Nn4jRegressor load(String path) {
    return read().load(path);
  }
}
