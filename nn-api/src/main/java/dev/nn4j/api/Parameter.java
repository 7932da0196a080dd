package dev.nn4j.api;

/**
 * One trainable parameter tensor, flattened: its current values and the gradient of the cost with
 * respect to them, as the trainer hands it to an {@link dev.nn4j.api.spi.Optimizer}.
 *
 * <p>The trainer fills {@code gradient} during backpropagation; the optimizer reads it and writes
 * {@code value} in place. Both arrays are shared, not copied.
 *
 * @param name stable name: within a {@link dev.nn4j.api.spi.Layer} its own ({@code "weights"});
 *     as the trainer hands it to an optimizer, qualified by the layer ({@code
 *     "layers[0].weights"}); optimizers key their state by it
 * @param value the values, updated in place by the optimizer
 * @param gradient ∂C/∂value, same length as {@code value}; read-only for the optimizer
 * @param rows the rows of the value table the gradient of a step touched (the gradient is zero
 *     elsewhere), for a layer that tracks them (an {@code embedding}); null for a dense gradient,
 *     which every parameter may have. An optimizer that {@linkplain
 *     dev.nn4j.api.spi.Optimizer#supportsSparseRows() supports sparse rows} updates only these
 *     rows; the trainer hands the others a parameter without rows.
 */
public record Parameter(String name, float[] value, float[] gradient, RowSet rows) {

  /**
   * Checks that the arrays and the row set match.
   *
   * @throws ShapeException if the lengths differ, or the row set does not cover the values
   */
  public Parameter {
    if (name == null || value == null || gradient == null) {
      throw new NullPointerException("name, value and gradient are required");
    }
    if (value.length != gradient.length) {
      throw new ShapeException(
          "parameter " + name + " has " + value.length + " values but " + gradient.length
              + " gradient entries");
    }
    if (rows != null && (long) rows.rowCount() * rows.rowLength() != value.length) {
      throw new ShapeException("parameter " + name + " has " + value.length + " values but its"
          + " row set is " + rows.rowCount() + " rows of " + rows.rowLength());
    }
  }

  /**
   * A parameter with a dense gradient (no row set).
   *
   * @param name stable name
   * @param value the values
   * @param gradient ∂C/∂value, same length
   * @throws ShapeException if the lengths differ
   */
  public Parameter(String name, float[] value, float[] gradient) {
    this(name, value, gradient, null);
  }

  /**
   * Returns the same arrays and rows under another name (the core qualifies a layer's names).
   *
   * @param qualified the new name
   * @return a parameter sharing this one's arrays and row set
   */
  public Parameter named(String qualified) {
    return new Parameter(qualified, value, gradient, rows);
  }

  /** Returns the same arrays under the same name without a row set: a dense gradient. */
  public Parameter dense() {
    return rows == null ? this : new Parameter(name, value, gradient, null);
  }

  /** Returns the number of scalar values. */
  public int size() {
    return value.length;
  }
}
