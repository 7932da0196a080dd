package dev.nn4j.api;

import java.util.Arrays;

/**
 * A row-major view of {@code rows × cols} floats held in {@code data}: element {@code (r, c)} is
 * {@code data[r * cols + c]}. In a batch, each row is one sample.
 *
 * <p>The view does not copy: it shares {@code data} with its creator, and {@code data} may be
 * longer than {@code rows * cols} (workspaces sized for a full batch are reused for a smaller last
 * batch). Only the first {@code rows * cols} elements belong to the view.
 *
 * <p>Thread-safety: the record itself is immutable; the array it points to is not, so sharing a
 * view between threads is safe only while nobody writes the array.
 *
 * @param rows number of rows (samples), at least 0
 * @param cols number of columns (features or units), at least 0
 * @param data backing array, at least {@code rows * cols} long
 */
public record Matrix(int rows, int cols, float[] data) {

  /**
   * Checks the shape against the array.
   *
   * @throws IllegalArgumentException if a dimension is negative or {@code data} is too short
   * @throws NullPointerException if {@code data} is null
   */
  public Matrix {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("negative shape " + rows + "×" + cols);
    }
    if (data == null) {
      throw new NullPointerException("data");
    }
    if ((long) rows * cols > data.length) {
      throw new IllegalArgumentException(
          "a " + rows + "×" + cols + " matrix needs " + (long) rows * cols
              + " floats but the array holds " + data.length);
    }
  }

  /**
   * A fresh zero matrix.
   *
   * @param rows number of rows
   * @param cols number of columns
   * @return a new matrix with its own array of exactly {@code rows * cols} floats
   */
  public static Matrix zeros(int rows, int cols) {
    return new Matrix(rows, cols, new float[Math.multiplyExact(rows, cols)]);
  }

  /**
   * Copies a rectangular array of rows into a new matrix.
   *
   * @param rows the rows, all of the same length
   * @return a new matrix holding a copy of the values
   * @throws ShapeException if the rows have different lengths
   */
  public static Matrix of(float[]... rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    float[] data = new float[rows.length * cols];
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != cols) {
        throw new ShapeException(
            "row " + r + " has " + rows[r].length + " values but row 0 has " + cols);
      }
      System.arraycopy(rows[r], 0, data, r * cols, cols);
    }
    return new Matrix(rows.length, cols, data);
  }

  /** Returns the number of elements in the view, {@code rows * cols}. */
  public int size() {
    return rows * cols;
  }

  /**
   * Reads one element.
   *
   * @param row row index
   * @param col column index
   * @return the value at {@code (row, col)}
   */
  public float get(int row, int col) {
    return data[row * cols + col];
  }

  /**
   * Returns a copy of one row.
   *
   * @param row row index
   * @return a new array of {@code cols} values
   */
  public float[] row(int row) {
    float[] out = new float[cols];
    System.arraycopy(data, row * cols, out, 0, cols);
    return out;
  }

  /**
   * Returns a copy of the view's elements as a new matrix of the same shape.
   *
   * @return an independent copy
   */
  public Matrix copy() {
    float[] copy = new float[size()];
    System.arraycopy(data, 0, copy, 0, copy.length);
    return new Matrix(rows, cols, copy);
  }

  /**
   * Returns a view of the first {@code n} rows, sharing this view's array.
   *
   * @param n number of rows, {@code 0 <= n <= rows}
   * @return a view of the same array
   */
  public Matrix firstRows(int n) {
    if (n < 0 || n > rows) {
      throw new IllegalArgumentException("cannot take " + n + " rows of a " + shape() + " matrix");
    }
    return n == rows ? this : new Matrix(n, cols, data);
  }

  /** Returns the shape as {@code "rows×cols"}, the form every shape error uses. */
  public String shape() {
    return rows + "×" + cols;
  }

  /**
   * Checks that this matrix has the given shape.
   *
   * @param what a name for the matrix in the error message, e.g. {@code "targets"}
   * @param expectedRows required rows
   * @param expectedCols required columns
   * @throws ShapeException naming both shapes if they differ
   */
  public void requireShape(String what, int expectedRows, int expectedCols) {
    if (rows != expectedRows || cols != expectedCols) {
      throw new ShapeException(
          what + " must be " + expectedRows + "×" + expectedCols + " but is " + shape());
    }
  }

  /**
   * Checks that {@code other} has the same shape as this matrix.
   *
   * @param what a name for this matrix in the error message
   * @param otherWhat a name for the other matrix
   * @param other the matrix to compare with
   * @throws ShapeException naming both shapes if they differ
   */
  public void requireSameShape(String what, String otherWhat, Matrix other) {
    if (rows != other.rows || cols != other.cols) {
      throw new ShapeException(
          what + " is " + shape() + " but " + otherWhat + " is " + other.shape()
              + "; they must have the same shape");
    }
  }

  /** Returns the shape, and the rows when there are at most 64 values (for messages). */
  @Override
  public String toString() {
    if (size() > 64) {
      return "Matrix[" + shape() + "]";
    }
    StringBuilder sb = new StringBuilder("Matrix[").append(shape()).append(": ");
    for (int r = 0; r < rows; r++) {
      sb.append(r == 0 ? "" : ", ").append(Arrays.toString(row(r)));
    }
    return sb.append(']').toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Matrix m) || m.rows != rows || m.cols != cols) {
      return false;
    }
    for (int i = 0; i < size(); i++) {
      if (Float.floatToIntBits(data[i]) != Float.floatToIntBits(m.data[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 31 * rows + cols;
    for (int i = 0; i < size(); i++) {
      h = 31 * h + Float.floatToIntBits(data[i]);
    }
    return h;
  }
}
