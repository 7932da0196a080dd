package dev.nn4j.core.internal;

import dev.nn4j.api.Matrix;

/**
 * A reusable array with views of it for up to two batch sizes (a full batch and the last, smaller
 * one of an epoch), so a training step allocates nothing once both have been seen. It grows when
 * a larger batch comes.
 *
 * <p>Thread-safety: not thread-safe; one owner.
 */
public final class Workspace {

  private final int cols;
  private float[] data = new float[0];
  private Matrix view;
  private Matrix other;

  /**
   * Makes an empty workspace for matrices of {@code cols} columns.
   *
   * @param cols columns of every view
   */
  public Workspace(int cols) {
    this.cols = cols;
  }

  /**
   * Returns a {@code rows × cols} view, reusing the array and the view when it can.
   *
   * @param rows rows of the view
   * @return the view; its backing array may be longer
   */
  public Matrix view(int rows) {
    if (view != null && view.rows() == rows) {
      return view;
    }
    if (other != null && other.rows() == rows) {
      Matrix t = view;
      view = other;
      other = t;
      return view;
    }
    long size = (long) rows * cols;
    if (size > data.length) {
      data = new float[Math.toIntExact(size)];
      other = null;
    } else {
      other = view;
    }
    view = new Matrix(rows, cols, data);
    return view;
  }

  /** Returns the backing array of the last view (valid until a larger view is asked for). */
  public float[] data() {
    return data;
  }
}
