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
 */
public record Parameter(String name, float[] value, float[] gradient) {

  /**
   * Checks that the two arrays match.
   *
   * @throws ShapeException if the lengths differ
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
  }

  /** Returns the number of scalar values. */
  public int size() {
    return value.length;
  }
}
