package dev.nn4j.spark;

import dev.nn4j.api.Matrix;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;
import scala.jdk.javaapi.CollectionConverters;

/** Checks DataFrame columns and turns them into nn4j matrices, with errors naming the column. */
final class Frames {

  private Frames() {}

  /** Returns the column's field, or throws naming the column and the columns there are. */
  static StructField field(StructType schema, String column, String role) {
    if (!Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new Nn4jSparkException("the " + role + " column '" + column + "' is not in the"
          + " DataFrame; its columns are " + Arrays.toString(schema.fieldNames()));
    }
    return schema.apply(column);
  }

  /** Checks that a features column holds ML vectors or arrays of numbers. */
  static void requireFeatures(StructType schema, String column) {
    DataType type = field(schema, column, "features").dataType();
    boolean ok = type.equals(SQLDataTypes.VectorType())
        || type instanceof ArrayType a && a.elementType() instanceof NumericType;
    if (!ok) {
      throw new Nn4jSparkException("the features column '" + column + "' is of type "
          + type.simpleString() + "; it must be an ML Vector (as VectorAssembler makes) or an"
          + " array of numbers");
    }
  }

  /** Checks that a label column holds numbers. */
  static void requireLabel(StructType schema, String column) {
    DataType type = field(schema, column, "label").dataType();
    if (!(type instanceof NumericType)) {
      throw new Nn4jSparkException("the label column '" + column + "' is of type "
          + type.simpleString() + "; it must be numeric (index string labels with StringIndexer)");
    }
  }

  /** Adds an output column, refusing one that is already there. */
  static StructType add(StructType schema, String column, DataType type) {
    if (Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new Nn4jSparkException("the output column '" + column + "' is already in the"
          + " DataFrame; choose another name");
    }
    return schema.add(column, type, false);
  }

  /** One row's features as doubles: an ML vector or a Spark array (a Scala sequence). */
  static double[] features(Object value, String column) {
    if (value instanceof Vector v) {
      return v.toArray();
    }
    if (value instanceof Seq<?> seq) {
      List<?> list = CollectionConverters.asJava(seq);
      double[] out = new double[list.size()];
      for (int i = 0; i < out.length; i++) {
        if (!(list.get(i) instanceof Number n)) {
          throw new Nn4jSparkException("the features column '" + column + "' has a missing"
              + " value at position " + i);
        }
        out[i] = n.doubleValue();
      }
      return out;
    }
    throw new Nn4jSparkException("the features column '" + column + "' has a row that is "
        + (value == null ? "null" : "a " + value.getClass().getName()));
  }

  /** The features and labels of a DataFrame, collected to the driver. */
  record Collected(Matrix features, double[] labels) {}

  /**
   * Collects a DataFrame's features and labels to the driver, checking the feature width.
   *
   * @param inputs the network's input width
   */
  static Collected collect(Dataset<?> frame, String featuresColumn, String labelColumn,
      int inputs) {
    List<Row> rows = frame.select(functions.col(featuresColumn),
        functions.col(labelColumn).cast(DataTypes.DoubleType)).collectAsList();
    if (rows.isEmpty()) {
      throw new Nn4jSparkException("the DataFrame has no rows to train on");
    }
    float[] x = new float[rows.size() * inputs];
    double[] labels = new double[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      double[] f = features(row.get(0), featuresColumn);
      if (f.length != inputs) {
        throw new Nn4jSparkException("row " + r + " of the features column '" + featuresColumn
            + "' has " + f.length + " values but the network takes " + inputs
            + " (network.inputs)");
      }
      for (int c = 0; c < inputs; c++) {
        x[r * inputs + c] = (float) f[c];
      }
      if (row.isNullAt(1)) {
        throw new Nn4jSparkException("row " + r + " of the label column '" + labelColumn
            + "' is null");
      }
      labels[r] = row.getDouble(1);
    }
    return new Collected(new Matrix(rows.size(), inputs, x), labels);
  }
}
