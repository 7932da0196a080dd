package dev.nn4j.spark;

import dev.nn4j.core.model.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The model {@link Nn4jRegressor} fits: it adds {@code predictionCol}, the network's single
 * output as a double. Persistence is {@link Nn4jPredictionModel}'s.
 *
 * <p>Thread-safety: as Spark ML's models; transforming from several threads is safe.
 */
public final class Nn4jRegressionModel extends Nn4jPredictionModel<Nn4jRegressionModel> {

  private static final long serialVersionUID = 1L;

  /**
   * Wraps a trained nn4j model.
   *
   * @param uid the uid (the estimator's, after a fit)
   * @param model the trained model
   */
  public Nn4jRegressionModel(String uid, Model model) {
    super(uid, model, "the network's output");
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    String features = getOrDefault(featuresCol());
    Outputs outputs = new Outputs(bytes(), features);
    return dataset.withColumn(getOrDefault(predictionCol()), functions.udf(
        (UDF1<Object, Double>) row -> outputs.call(row).apply(0), DataTypes.DoubleType)
        .apply(new Column[] {functions.col(features)}));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Frames.requireFeatures(schema, getOrDefault(featuresCol()));
    return Frames.add(schema, getOrDefault(predictionCol()), DataTypes.DoubleType);
  }

  @Override
  public Nn4jRegressionModel copy(ParamMap extra) {
    return copyValues(new Nn4jRegressionModel(uid(), model()), extra).setParent(parent());
  }

  /**
   * Spark ML's reader of saved models.
   *
   * @return the reader
   */
  public static MLReader<Nn4jRegressionModel> read() {
    return new Reader<>(Nn4jRegressionModel::new);
  }

  /**
   * Loads a saved model.
   *
   * @param path the folder
   * @return the model
   */
  public static Nn4jRegressionModel load(String path) {
    return read().load(path);
  }
}
