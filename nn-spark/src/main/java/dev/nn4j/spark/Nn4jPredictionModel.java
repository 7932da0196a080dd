package dev.nn4j.spark;

import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import java.util.function.BiFunction;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.api.java.UDF1;

/**
 * What {@link Nn4jClassificationModel} and {@link Nn4jRegressionModel} share: a trained nn4j
 * model, the params {@code featuresCol} and {@code predictionCol}, and persistence. The network
 * travels to the executors as its model file's bytes.
 *
 * <p>Persistence: {@link #write()} saves Spark ML's metadata and, in the same folder, {@code
 * model.nn4j}, an ordinary nn4j model file ({@code nn4j inspect}, {@code predict} and {@code
 * evaluate} read it; {@code evaluate} takes a CSV file of the features then the label, without a
 * header); the subclasses' {@code read()} load both. Local paths (or {@code file:} URIs) only.
 *
 * <p>Thread-safety: as Spark ML's models; transforming from several threads is safe.
 *
 * @param <M> the model itself, which the setters return
 */
public abstract sealed class Nn4jPredictionModel<M extends Nn4jPredictionModel<M>>
    extends org.apache.spark.ml.Model<M> implements MLWritable
    permits Nn4jClassificationModel, Nn4jRegressionModel {

  private static final long serialVersionUID = 1L;
  private final String uid;
  private final transient Model model;
  private final Param<String> featuresCol;
  private final Param<String> predictionCol;

  Nn4jPredictionModel(String uid, Model model, String prediction) {
    this.uid = uid;
    this.model = model;
    featuresCol = new Param<>(this, "featuresCol", "features column: Vector or array of numbers");
    predictionCol = new Param<>(this, "predictionCol", "output column: " + prediction);
    setDefault(featuresCol, "features");
    setDefault(predictionCol, "prediction");
  }

  @Override
  public final String uid() {
    return uid;
  }

  /**
   * Returns the trained nn4j model.
   *
   * @return the model
   */
  public final Model model() {
    return model;
  }

  /**
   * The features column.
   *
   * @return the param
   */
  public final Param<String> featuresCol() {
    return featuresCol;
  }

  /**
   * The prediction column.
   *
   * @return the param
   */
  public final Param<String> predictionCol() {
    return predictionCol;
  }

  /**
   * Sets the features column.
   *
   * @param value the column
   * @return this
   */
  @SuppressWarnings("unchecked")
  public final M setFeaturesCol(String value) {
    set(featuresCol, value);
    return (M) this;
  }

  /** The model as bytes that executors load, with the plugins installed there. */
  final ModelBytes bytes() {
    return new ModelBytes(ModelBytes.of(model), ExecutorRegistry.DISCOVER);
  }

  @Override
  public final MLWriter write() {
    return new Writer(this);
  }

  /** The network's outputs of a row's features, as an ML vector. */
  static final class Outputs implements UDF1<Object, Vector> {
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
    private final Nn4jPredictionModel<?> instance;

    Writer(Nn4jPredictionModel<?> instance) {
      this.instance = instance;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, sparkSession());
      Fitting.save(instance.model, path);
    }
  }

  /** Reads the metadata and the model file, and makes the model with a given constructor. */
  static final class Reader<M extends Nn4jPredictionModel<M>> extends MLReader<M> {
    private final BiFunction<String, Model, M> make;

    Reader(BiFunction<String, Model, M> make) {
      this.make = make;
    }

    @Override
    public M load(String path) {
      DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path,
          sparkSession());
      Model model = ModelFile.load(Fitting.modelFile(path), PluginRegistry.discover());
      M instance = make.apply(metadata.uid(), model);
      metadata.getAndSetParams(instance, scala.Option.empty());
      return instance;
    }
  }
}
