package dev.nn4j.layers;

import dev.nn4j.api.Shape;
import dev.nn4j.api.ShapeException;
import java.util.List;

/** The validations the layers and parameter records of this module share. */
final class Checks {

  private Checks() {}

  /**
   * Requires {@code value ≥ min}.
   *
   * @throws IllegalArgumentException naming the field and the allowed range
   */
  static void atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be a whole number >= " + min + ", was "
          + value);
    }
  }

  /**
   * Requires a finite value &gt; 0.
   *
   * @throws IllegalArgumentException naming the field and the allowed range
   */
  static void positive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number > 0, was " + value);
    }
  }

  /**
   * Requires exactly one input shape and returns it.
   *
   * @throws ShapeException if there are none or several
   */
  static Shape single(String layer, List<Shape> inputs) {
    if (inputs.size() != 1) {
      throw new ShapeException(layer + " takes one input but was given " + inputs.size()
          + " shapes " + inputs);
    }
    return inputs.get(0);
  }

  /**
   * Requires exactly one input that is an image and returns it.
   *
   * @throws ShapeException naming the shape given
   */
  static Shape image(String layer, List<Shape> inputs) {
    Shape shape = single(layer, inputs);
    if (!shape.isImage()) {
      throw new ShapeException(layer + " needs an image input (channels×height×width) but was "
          + "given a vector of " + shape);
    }
    return shape;
  }

  /**
   * The output length of a sliding window along one axis, as PyTorch computes it (floor mode):
   * ⌊(in + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1.
   *
   * @throws ShapeException if the window does not fit once
   */
  static int slidingOutput(String layer, Shape input, String axis, int in, int kernel,
      int stride, int padding, int dilation) {
    int span = dilation * (kernel - 1) + 1;
    int padded = in + 2 * padding;
    if (padded < span) {
      throw new ShapeException(layer + ": the input " + input + " has " + axis + " " + in
          + ", which with padding " + padding + " is " + padded + ", smaller than the window's "
          + span);
    }
    return (padded - span) / stride + 1;
  }
}
