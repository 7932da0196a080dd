package dev.nn4j.spark;

import dev.nn4j.core.model.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The model {@link Nn4jClassifier} fits: it adds {@code probabilityCol}, the network's outputs as
 * an ML {@code Vector} (probabilities when the output layer is softmax), and {@code
 * predictionCol}, the index of the largest output (with one output: 1 when it is at least 0.5).
 * Persistence is {@link Nn4jPredictionModel}'s.
 *
 * <p>Thread-safety: as Spark ML's models; transforming from several threads is safe.
 */
public final class Nn4jClassificationModel extends Nn4jPredictionModel<Nn4jClassificationModel> {

  private static final long serialVersionUID = 1L;
  private final Param<String> probabilityCol;

  /**
   * Wraps a trained nn4j model.
   *
   * @param uid the uid (the estimator's, after a fit)
   * @param model the trained model
   */
  public Nn4jClassificationModel(String uid, Model model) {
    super(uid, model, "the predicted class index");
    probabilityCol = new Param<>(this, "probabilityCol", "output column: the network's outputs");
    setDefault(probabilityCol, "probability");
  }

  /**
   * The probability column.
   *
   * @return the param
   */
  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    String features = getOrDefault(featuresCol());
    UserDefinedFunction probability = functions.udf(new Outputs(bytes(), features),
        SQLDataTypes.VectorType());
    UserDefinedFunction prediction = functions.udf((UDF1<Vector, Double>) Nn4jClassificationModel
        ::predicted, DataTypes.DoubleType);
    Dataset<Row> withProbability = dataset.withColumn(getOrDefault(probabilityCol),
        probability.apply(new Column[] {functions.col(features)}));
    return withProbability.withColumn(getOrDefault(predictionCol()),
        prediction.apply(new Column[] {functions.col(getOrDefault(probabilityCol))}));
  }

  /** The predicted class of a row's outputs: the largest one's index; one output: at least 0.5. */
  static double predicted(Vector outputs) {
    if (outputs.size() == 1) {
      return outputs.apply(0) >= 0.5 ? 1 : 0;
    }
    return outputs.argmax();
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Frames.requireFeatures(schema, getOrDefault(featuresCol()));
    return Frames.add(Frames.add(schema, getOrDefault(probabilityCol), SQLDataTypes.VectorType()),
        getOrDefault(predictionCol()), DataTypes.DoubleType);
  }

  @Override
  public Nn4jClassificationModel copy(ParamMap extra) {
    return copyValues(new Nn4jClassificationModel(uid(), model()), extra).setParent(parent());
  }

  /**
   * Spark ML's reader of saved models.
   *
   * @return the reader
   */
  public static MLReader<Nn4jClassificationModel> read() {
    return new Reader<>(Nn4jClassificationModel::new);
  }

  /**
   * Loads a saved model.
   *
   * @param path the folder
   * @return the model
   */
  public static Nn4jClassificationModel load(String path) {
    return read().load(path);
  }
}
