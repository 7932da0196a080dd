package dev.nn4j.spark;

import dev.nn4j.core.model.Model;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML estimator that trains an nn4j configuration as a classifier, like MLlib's {@code
 * MultilayerPerceptronClassifier}; the params and the fit are {@link Nn4jEstimator}'s. {@code
 * labelCol} holds class indices 0 to k−1 (as {@code StringIndexer} makes), k being the network's
 * outputs (with one output, labels 0 and 1 are its target). The model adds {@code
 * probabilityCol} and {@code predictionCol}.
 *
 * <p>Thread-safety: as Spark ML's estimators; a fit uses the calling thread and Spark's executors.
 */
public final class Nn4jClassifier
    extends Nn4jEstimator<Nn4jClassifier, Nn4jClassificationModel> {

  private static final long serialVersionUID = 1L;
  private final Param<String> probabilityCol;

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
    super(uid, "class indices 0..k-1", "the predicted class index");
    probabilityCol = new Param<>(this, "probabilityCol", "output column: the network's outputs");
    setDefault(probabilityCol, "probability");
  }

  /** The probability column the model adds. @return the param */
  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  /** Sets the probability column. @param value the column @return this */
  public Nn4jClassifier setProbabilityCol(String value) {
    set(probabilityCol, value);
    return this;
  }

  @Override
  Targets targets(String labelColumn, int outputs) {
    return new Targets.Classes(labelColumn, outputs);
  }

  @Override
  List<String> classes(int outputs) {
    List<String> names = new ArrayList<>();
    for (int c = 0; c < Math.max(outputs, 2); c++) {
      names.add(Integer.toString(c));
    }
    return names;
  }

  @Override
  Nn4jClassificationModel fitted(String uid, Model model) {
    return new Nn4jClassificationModel(uid, model);
  }

  @Override
  StructType outputs(StructType schema) {
    return Frames.add(Frames.add(schema, getOrDefault(probabilityCol), SQLDataTypes.VectorType()),
        getOrDefault(predictionCol()), DataTypes.DoubleType);
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
