package dev.nn4j.spark;

import dev.nn4j.api.Matrix;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
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
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
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

  /** The features and targets of a DataFrame, collected to the driver. */
  record Collected(Matrix features, Matrix targets) {}

  /**
   * Collects a DataFrame's features and targets to the driver, checking the feature width and
   * the labels.
   *
   * @param inputs the network's input width
   */
  static Collected collect(Dataset<?> frame, String featuresColumn, String labelColumn,
      int inputs, Targets targets) {
    List<Row> rows = select(frame, featuresColumn, labelColumn).collectAsList();
    if (rows.isEmpty()) {
      throw new Nn4jSparkException("the DataFrame has no rows to train on");
    }
    Block block = Block.of(rows.iterator(), featuresColumn, labelColumn, inputs, targets, "");
    return new Collected(new Matrix(block.rows(), inputs, block.x()),
        new Matrix(block.rows(), targets.columns(), block.y()));
  }

  /**
   * The DataFrame's partitions as one {@link Block} each, built on the executors from the
   * DataFrame's own rows and persisted there (memory, spilling to disk), so that every training
   * round reads the cached blocks instead of the source or a copy shipped from the driver. The
   * caller unpersists it.
   *
   * @param read counts the rows read from the DataFrame (each row once while the cache holds)
   */
  static JavaRDD<Block> blocks(Dataset<?> frame, String featuresColumn, String labelColumn,
      int inputs, Targets targets, LongAccumulator read) {
    JavaRDD<Block> blocks = select(frame, featuresColumn, labelColumn).toJavaRDD()
        .mapPartitionsWithIndex((Function2<Integer, Iterator<Row>, Iterator<Block>>) (p, rows) -> {
          Block block = Block.of(rows, featuresColumn, labelColumn, inputs, targets,
              " of partition " + p);
          read.add(block.rows());
          return List.of(block).iterator();
        }, true);
    return blocks.persist(StorageLevel.MEMORY_AND_DISK());
  }

  private static Dataset<Row> select(Dataset<?> frame, String featuresColumn,
      String labelColumn) {
    return frame.select(functions.col(featuresColumn),
        functions.col(labelColumn).cast(DataTypes.DoubleType));
  }

  /**
   * Rows of features and targets as raw floats, row after row: what one partition trains on. A
   * plain class, not a record: Spark's Kryo serializer (a cluster's {@code spark.serializer})
   * cannot build records.
   */
  static final class Block implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int rows;
    private final float[] x;
    private final float[] y;

    /**
     * Wraps the arrays.
     *
     * @param rows how many samples
     * @param x the features, {@code rows × inputs}
     * @param y the targets, {@code rows × targets}
     */
    Block(int rows, float[] x, float[] y) {
      this.rows = rows;
      this.x = x;
      this.y = y;
    }

    int rows() {
      return rows;
    }

    float[] x() {
      return x;
    }

    float[] y() {
      return y;
    }

    /** Reads (features, label) rows, checking each; {@code where} ends each row's name. */
    static Block of(Iterator<Row> rows, String featuresColumn, String labelColumn, int inputs,
        Targets targets, String where) {
      int width = targets.columns();
      float[] x = new float[16 * inputs];
      float[] y = new float[16 * width];
      int r = 0;
      while (rows.hasNext()) {
        Row row = rows.next();
        String name = "row " + r + where;
        double[] f = features(row.get(0), featuresColumn);
        if (f.length != inputs) {
          throw new Nn4jSparkException(name + " of the features column '" + featuresColumn
              + "' has " + f.length + " values but the network takes " + inputs
              + " (network.inputs)");
        }
        if ((r + 1) * inputs > x.length) {
          x = Arrays.copyOf(x, x.length * 2);
          y = Arrays.copyOf(y, y.length * 2);
        }
        for (int c = 0; c < inputs; c++) {
          x[r * inputs + c] = (float) f[c];
        }
        if (row.isNullAt(1)) {
          throw new Nn4jSparkException(name + " of the label column '" + labelColumn
              + "' is null");
        }
        targets.encode(row.getDouble(1), y, r * width, name);
        r++;
      }
      return new Block(r, Arrays.copyOf(x, r * inputs), Arrays.copyOf(y, r * width));
    }
  }
}
