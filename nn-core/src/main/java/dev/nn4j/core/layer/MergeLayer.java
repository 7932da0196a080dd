package dev.nn4j.core.layer;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Shape;
import dev.nn4j.api.ShapeException;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerContext;
import java.util.List;

/**
 * The two merge layers of a graph: {@code add} (the element-wise sum of inputs of one shape, as in
 * a residual connection) and {@code concat} (vectors side by side, or images stacked along their
 * channels). No parameters.
 *
 * <p>Thread-safety: immutable after {@link #build}; as {@link Layer}.
 */
public final class MergeLayer implements Layer {

  private final boolean concat;
  /** For concat: each input's values per sample. */
  private int[] widths;
  private int total;

  /**
   * Makes the layer.
   *
   * @param concat true for concat, false for add
   */
  public MergeLayer(boolean concat) {
    this.concat = concat;
  }

  @Override
  public int arity() {
    return 0;
  }

  @Override
  public Shape build(List<Shape> inputs, LayerContext context) {
    Shape first = inputs.get(0);
    if (!concat) {
      for (Shape s : inputs) {
        if (!s.equals(first)) {
          throw new ShapeException("add takes inputs of one shape but was given " + inputs);
        }
      }
      return first;
    }
    widths = new int[inputs.size()];
    int channels = 0;
    for (int i = 0; i < widths.length; i++) {
      Shape s = inputs.get(i);
      if (s.isImage() != first.isImage() || s.height() != first.height()
          || s.width() != first.width()) {
        throw new ShapeException("concat takes vectors, or images of one height and width, but"
            + " was given " + inputs);
      }
      widths[i] = s.size();
      channels += s.channels();
    }
    total = first.isImage() ? channels * first.height() * first.width() : channels;
    return first.isImage() ? Shape.image(channels, first.height(), first.width())
        : Shape.vector(channels);
  }

  @Override
  public void forward(Matrix[] inputs, Matrix output, boolean training) {
    float[] out = output.data();
    int rows = output.rows();
    if (!concat) {
      int n = output.size();
      System.arraycopy(inputs[0].data(), 0, out, 0, n);
      for (int i = 1; i < inputs.length; i++) {
        float[] x = inputs[i].data();
        for (int e = 0; e < n; e++) {
          out[e] += x[e];
        }
      }
      return;
    }
    for (int r = 0; r < rows; r++) {
      int o = r * total;
      for (int i = 0; i < inputs.length; i++) {
        System.arraycopy(inputs[i].data(), r * widths[i], out, o, widths[i]);
        o += widths[i];
      }
    }
  }

  @Override
  public void backward(Matrix[] inputs, Matrix output, Matrix gradOutput, Matrix[] gradInputs,
      boolean accumulate) {
    float[] g = gradOutput.data();
    int rows = gradOutput.rows();
    int offset = 0;
    for (int i = 0; i < gradInputs.length; i++) {
      Matrix gi = gradInputs[i];
      if (gi != null) {
        if (concat) {
          for (int r = 0; r < rows; r++) {
            System.arraycopy(g, r * total + offset, gi.data(), r * widths[i], widths[i]);
          }
        } else {
          System.arraycopy(g, 0, gi.data(), 0, gradOutput.size());
        }
      }
      offset += concat ? widths[i] : 0;
    }
  }
}
