package dev.nn4j.layers;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.Shape;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerContext;
import java.util.Arrays;
import java.util.List;

/**
 * Max or average pooling over square windows of each channel, with PyTorch's floor-mode output
 * size ⌊(H + 2p − k) / s⌋ + 1. Max pooling treats the padding as −∞ and sends the gradient to the
 * first largest value of each window (row-major order), as PyTorch does; average pooling counts
 * the padding as zeros and always divides by k² ({@code count_include_pad=True}).
 *
 * <p>Keeps no per-batch state: backward recomputes each window's maximum from the input.
 */
final class Pool2d implements Layer {
  private final String name;
  private final boolean max;
  private final int kernel;
  private final int stride;
  private final int padding;
  private int channels;
  private int height;
  private int width;
  private int outHeight;
  private int outWidth;

  Pool2d(String name, boolean max, Pool2dParameters p) {
    this.name = name;
    this.max = max;
    this.kernel = p.kernel();
    this.stride = p.effectiveStride();
    this.padding = p.padding();
  }

  @Override
  public Shape build(List<Shape> inputs, LayerContext context) {
    Shape in = Checks.image(name, inputs);
    channels = in.channels();
    height = in.height();
    width = in.width();
    outHeight = Checks.slidingOutput(name, in, "height", height, kernel, stride, padding, 1);
    outWidth = Checks.slidingOutput(name, in, "width", width, kernel, stride, padding, 1);
    return Shape.image(channels, outHeight, outWidth);
  }

  @Override
  public List<Parameter> parameters() {
    return List.of();
  }

  @Override
  public void forward(Matrix[] inputs, Matrix output, boolean training) {
    slide(inputs[0].data(), output.data(), null, null, output.rows() * channels);
  }

  /**
   * Visits every window of every plane: forward (dx null) writes y; backward adds each window's
   * share of dy into dx.
   */
  private void slide(float[] x, float[] y, float[] dy, float[] dx, int planes) {
    float scale = 1f / (kernel * kernel);
    for (int plane = 0; plane < planes; plane++) {
      int in = plane * height * width;
      int out = plane * outHeight * outWidth;
      for (int oh = 0; oh < outHeight; oh++) {
        int h0 = Math.max(oh * stride - padding, 0);
        int h1 = Math.min(oh * stride - padding + kernel, height);
        for (int ow = 0; ow < outWidth; ow++) {
          int w0 = Math.max(ow * stride - padding, 0);
          int w1 = Math.min(ow * stride - padding + kernel, width);
          int o = out + oh * outWidth + ow;
          if (max) {
            int largest = in + (kernel == 2 && h1 - h0 == 2 && w1 - w0 == 2
                ? argmax2x2(x, in, h0, w0) : argmax(x, in, h0, h1, w0, w1));
            if (dx == null) {
              y[o] = x[largest];
            } else {
              dx[largest] += dy[o];
            }
          } else if (dx == null) {
            float sum = 0f;
            for (int h = h0; h < h1; h++) {
              for (int w = w0; w < w1; w++) {
                sum += x[in + h * width + w];
              }
            }
            y[o] = sum * scale;
          } else {
            float share = dy[o] * scale;
            for (int h = h0; h < h1; h++) {
              for (int w = w0; w < w1; w++) {
                dx[in + h * width + w] += share;
              }
            }
          }
        }
      }
    }
  }

  /**
   * The offset within the plane of the window's first largest value; NaN wins, as in PyTorch. The
   * scan notes a NaN instead of branching on it, so that the comparison can compile to a
   * conditional move; a window holding one is scanned again for its first NaN.
   */
  private int argmax(float[] x, int in, int h0, int h1, int w0, int w1) {
    int best = h0 * width + w0;
    float largest = Float.NEGATIVE_INFINITY;
    boolean nan = false;
    for (int h = h0; h < h1; h++) {
      for (int at = h * width + w0, end = h * width + w1; at < end; at++) {
        float v = x[in + at];
        nan |= v != v;
        if (v > largest) {
          largest = v;
          best = at;
        }
      }
    }
    return nan ? firstNaN(x, in, h0, h1, w0, w1) : best;
  }

  /**
   * {@link #argmax} of a full 2 × 2 window from (h0, w0), unrolled: the CNNs' pooling. A sum that
   * is NaN (a NaN, or +∞ beside −∞) hands the window to {@link #argmax}.
   */
  private int argmax2x2(float[] x, int in, int h0, int w0) {
    int at = h0 * width + w0;
    int i = in + at;
    float v0 = x[i];
    float v1 = x[i + 1];
    float v2 = x[i + width];
    float v3 = x[i + width + 1];
    float sum = v0 + v1 + v2 + v3;
    if (sum != sum) {
      return argmax(x, in, h0, h0 + 2, w0, w0 + 2);
    }
    int best = at;
    float largest = v0;
    if (v1 > largest) {
      largest = v1;
      best = at + 1;
    }
    if (v2 > largest) {
      largest = v2;
      best = at + width;
    }
    if (v3 > largest) {
      best = at + width + 1;
    }
    return best;
  }

  /** The offset within the plane of the window's first NaN, which the window holds. */
  private int firstNaN(float[] x, int in, int h0, int h1, int w0, int w1) {
    for (int h = h0; h < h1; h++) {
      for (int at = h * width + w0, end = h * width + w1; at < end; at++) {
        if (Float.isNaN(x[in + at])) {
          return at;
        }
      }
    }
    throw new IllegalStateException("no NaN in the window");
  }

  @Override
  public void backward(Matrix[] inputs, Matrix output, Matrix gradOutput, Matrix[] gradInputs,
      boolean accumulate) {
    Matrix gradInput = gradInputs[0];
    if (gradInput == null) {
      return;
    }
    Arrays.fill(gradInput.data(), 0, gradInput.size(), 0f);
    slide(inputs[0].data(), null, gradOutput.data(), gradInput.data(),
        gradOutput.rows() * channels);
  }
}
