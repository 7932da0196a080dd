package dev.nn4j.spark;

import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
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
 * The network travels to the executors as its model file's bytes.
 *
 * <p>Persistence: {@link #write()} saves Spark ML's metadata and, in the same folder, {@code
 * model.nn4j}, an ordinary nn4j model file ({@code nn4j inspect}, {@code predict} and {@code
 * evaluate} read it); {@link #read()} loads both. Local paths (or {@code file:} URIs) only.
 *
 * <p>Thread-safety: as Spark ML's models; transforming from several threads is safe.
 */
public final class Nn4jClassificationModel extends org.apache.spark.ml.Model<Nn4jClassificationModel>
    implements MLWritable {

  private static final long serialVersionUID = 1L;
  private final String uid;
  private final transient Model model;
  private final Param<String> featuresCol;
  private final Param<String> predictionCol;
  private final Param<String> probabilityCol;

  /**
   * Wraps a trained nn4j model.
   *
   * @param uid the uid (the estimator's, after a fit)
   * @param model the trained model
   */
  public Nn4jClassificationModel(String uid, Model model) {
    this.uid = uid;
    this.model = model;
    featuresCol = new Param<>(this, "featuresCol", "features column: Vector or array of numbers");
    predictionCol = new Param<>(this, "predictionCol", "output column: the predicted class index");
    probabilityCol = new Param<>(this, "probabilityCol", "output column: the network's outputs");
    setDefault(featuresCol, "features");
    setDefault(predictionCol, "prediction");
    setDefault(probabilityCol, "probability");
  }

  @Override
  public String uid() {
    return uid;
  }

  /**
   * Returns the trained nn4j model.
   *
   * @return the model
   */
  public Model model() {
    return model;
  }

  /**
   * The features column.
   *
   * @return the param
   */
  public Param<String> featuresCol() {
    return featuresCol;
  }

  /**
   * The prediction column.
   *
   * @return the param
   */
  public Param<String> predictionCol() {
    return predictionCol;
  }

  /**
   * The probability column.
   *
   * @return the param
   */
  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  /**
   * Sets the features column.
   *
   * @param value the column
   * @return this
   */
  public Nn4jClassificationModel setFeaturesCol(String value) {
    set(featuresCol, value);
    return this;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    String features = getOrDefault(featuresCol);
    Outputs outputs = new Outputs(new ModelBytes(ModelBytes.of(model), ExecutorRegistry.DISCOVER),
        features);
    UserDefinedFunction probability = functions.udf(outputs, SQLDataTypes.VectorType());
    UserDefinedFunction prediction = functions.udf((UDF1<Vector, Double>) Nn4jClassificationModel
        ::predicted, DataTypes.DoubleType);
    Dataset<Row> withProbability = dataset.withColumn(getOrDefault(probabilityCol),
        probability.apply(new Column[] {functions.col(features)}));
    return withProbability.withColumn(getOrDefault(predictionCol),
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
    Frames.requireFeatures(schema, getOrDefault(featuresCol));
    return Frames.add(Frames.add(schema, getOrDefault(probabilityCol), SQLDataTypes.VectorType()),
        getOrDefault(predictionCol), DataTypes.DoubleType);
  }

  @Override
  public Nn4jClassificationModel copy(ParamMap extra) {
    return copyValues(new Nn4jClassificationModel(uid, model), extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  /**
   * Spark ML's reader of saved models.
   *
   * @return the reader
   */
  public static MLReader<Nn4jClassificationModel> read() {
    return new Reader();
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

  /** The probability column's function: a row's features through the network. */
  private static final class Outputs implements UDF1<Object, Vector> {
    private static final long serialVersionUID = 1L;
    private final ModelBytes model;
    private final String column;

    Outputs(ModelBytes model, String column) {
      this.model = model;
      this.column = column;
    }

    @Override
    public Vector call(Object features) {
      float[] out = model.predict(Frames.features(features, column));
      double[] values = new double[out.length];
      for (int i = 0; i < out.length; i++) {
        values[i] = out[i];
      }
      return Vectors.dense(values);
    }
  }

  /** Writes the metadata, then the model file beside it. */
  private static final class Writer extends MLWriter {
    private final Nn4jClassificationModel instance;

    Writer(Nn4jClassificationModel instance) {
      this.instance = instance;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, sparkSession());
      Fitting.save(instance.model, path);
    }
  }

  /** Reads the metadata and the model file. */
  private static final class Reader extends MLReader<Nn4jClassificationModel> {
    @Override
    public Nn4jClassificationModel load(String path) {
      DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path,
          sparkSession());
      Model model = ModelFile.load(Fitting.modelFile(path), PluginRegistry.discover());
      Nn4jClassificationModel instance = new Nn4jClassificationModel(metadata.uid(), model);
      metadata.getAndSetParams(instance, scala.Option.empty());
      return instance;
    }
  }
}
