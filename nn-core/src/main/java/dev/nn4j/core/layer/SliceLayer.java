package dev.nn4j.core.layer;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Shape;
import dev.nn4j.api.ShapeException;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerContext;
import java.util.Arrays;
import java.util.List;

/**
 * {@code slice}: the values [from, to) of a vector, {@code y = x[from:to]}, as a graph's way to
 * send some inputs (a categorical column's ids) to one layer (an {@code embedding}) and the others
 * elsewhere. The gradient passes back to those values; the others get 0. No parameters.
 *
 * <p>Thread-safety: immutable after {@link #build}; as {@link Layer}.
 */
public final class SliceLayer implements Layer {

  private final int from;
  private final int to;
  private int width;

  /**
   * Makes the layer.
   *
   * @param from the first value taken, 0-based
   * @param to one past the last value taken; greater than {@code from}
   */
  public SliceLayer(int from, int to) {
    this.from = from;
    this.to = to;
  }

  @Override
  public Shape build(List<Shape> inputs, LayerContext context) {
    Shape in = inputs.get(0);
    if (in.isImage()) {
      throw new ShapeException("slice takes a vector but was given an image " + in
          + "; flatten it first");
    }
    if (to > in.size()) {
      throw new ShapeException("slice from " + from + " to " + to + " needs a vector of at least "
          + to + " values but was given " + in.size());
    }
    width = in.size();
    return Shape.vector(to - from);
  }

  @Override
  public void forward(Matrix[] inputs, Matrix output, boolean training) {
    float[] x = inputs[0].data();
    float[] y = output.data();
    int n = to - from;
    for (int r = 0; r < output.rows(); r++) {
      System.arraycopy(x, r * width + from, y, r * n, n);
    }
  }

  @Override
  public void backward(Matrix[] inputs, Matrix output, Matrix gradOutput, Matrix[] gradInputs,
      boolean accumulate) {
    Matrix gi = gradInputs[0];
    if (gi == null) {
      return;
    }
    float[] g = gi.data();
    int n = to - from;
    int rows = gradOutput.rows();
    Arrays.fill(g, 0, rows * width, 0f);
    for (int r = 0; r < rows; r++) {
      System.arraycopy(gradOutput.data(), r * n, g, r * width + from, n);
    }
  }
}
