package dev.nn4j.layers;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.Shape;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerContext;
import dev.nn4j.api.spi.ParallelLoop;
import java.util.Arrays;
import java.util.List;

/**
 * Max or average pooling over square windows of each channel, with PyTorch's floor-mode output
 * size ⌊(H + 2p − k) / s⌋ + 1. Max pooling treats the padding as −∞ and sends the gradient to the
 * first largest value of each window (row-major order), as PyTorch does; average pooling counts
 * the padding as zeros and always divides by k² ({@code count_include_pad=True}).
 *
 * <p>A training forward of max pooling keeps where each window's maximum is (an index into the
 * input, in an array made on the first training batch and grown only when a batch has more
 * outputs than any before), so backward routes the gradient without scanning the windows again.
 * The training forward of 2 × 2 windows without padding, and the backward of 2 × 2 windows that
 * tile the image (stride 2, even height and width), run the planes (one sample's channel each)
 * on the backend's {@link ParallelLoop}. Inference runs on the caller and keeps nothing, so several threads may predict at
 * once. Average pooling keeps no state.
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
  /**
   * Max pooling's training scratch: for each output of the last training forward, the index in
   * the input of its window's first largest value; null until the first training forward.
   */
  private int[] maxAt;
  private ParallelLoop loop;
  /** The training passes of 2 × 2 max pooling over planes, reused so that a step allocates nothing. */
  private final Planes planePass = new Planes();

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
    loop = context.backend().parallelLoop();
    return Shape.image(channels, outHeight, outWidth);
  }

  @Override
  public List<Parameter> parameters() {
    return List.of();
  }

  @Override
  public void forward(Matrix[] inputs, Matrix output, boolean training) {
    int planes = output.rows() * channels;
    if (!max) {
      slide(inputs[0].data(), output.data(), null, null, null, planes);
      return;
    }
    int[] at = null;
    if (training) {
      if (maxAt == null || maxAt.length < output.size()) {
        maxAt = new int[output.size()];
      }
      at = maxAt;
    }
    if (kernel == 2 && padding == 0) {
      if (training) {
        planePass.run(inputs[0].data(), output.data(), at, null, null, planes);
      } else {
        max2x2(inputs[0].data(), output.data(), null, 0, planes);
      }
    } else {
      slide(inputs[0].data(), output.data(), at, null, null, planes);
    }
  }

  /**
   * Max pooling over 2 × 2 windows without padding (every window lies inside the image), each
   * window's first largest value chosen without branches on the values (which a CNN's
   * activations make unpredictable). A window holding a NaN or an infinity goes through
   * {@link #argmax}.
   */
  private void max2x2(float[] x, float[] y, int[] at, int planeFrom, int planeTo) {
    int o = planeFrom * outHeight * outWidth;
    for (int plane = planeFrom; plane < planeTo; plane++) {
      int in = plane * height * width;
      for (int oh = 0; oh < outHeight; oh++) {
        int row = in + oh * stride * width;
        for (int ow = 0; ow < outWidth; ow++, o++) {
          int i = row + ow * stride;
          float v0 = x[i];
          float v1 = x[i + 1];
          float v2 = x[i + width];
          float v3 = x[i + width + 1];
          float sum = v0 + v1 + v2 + v3;
          int best;
          if (sum - sum == 0f) {
            // all finite: 1 where the later value is strictly larger, so ties keep the first
            int second = after(v0, v1);
            int fourth = after(v2, v3);
            int lower = after(Math.max(v0, v1), Math.max(v2, v3));
            best = i + lower * (width + fourth) + (1 - lower) * second;
          } else {
            int h0 = oh * stride;
            int w0 = ow * stride;
            best = in + argmax(x, in, h0, h0 + 2, w0, w0 + 2);
          }
          y[o] = x[best];
          if (at != null) {
            at[o] = best;
          }
        }
      }
    }
  }

  /**
   * 1 if {@code b > a}, else 0, for finite values, without a branch: the sign of a − b (its
   * difference is never 0 for distinct floats, and + 0 turns −0 − +0 into +0).
   */
  private static int after(float a, float b) {
    return Float.floatToRawIntBits((a - b) + 0f) >>> 31;
  }

  /**
   * Visits every window of every plane: forward (dx null) writes y, and for max pooling each
   * window's largest index into {@code at} when it is not null; average pooling's backward (dx
   * not null) adds each window's share of dy into dx.
   */
  private void slide(float[] x, float[] y, int[] at, float[] dy, float[] dx, int planes) {
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
            int best = in + argmax(x, in, h0, h1, w0, w1);
            y[o] = x[best];
            if (at != null) {
              at[o] = best;
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
    float[] dx = gradInput.data();
    float[] dy = gradOutput.data();
    if (!max) {
      Arrays.fill(dx, 0, gradInput.size(), 0f);
      slide(null, null, null, dy, dx, gradOutput.rows() * channels);
      return;
    }
    if (maxAt == null || maxAt.length < gradOutput.size()) {
      throw new IllegalStateException(name + ": backward without a training forward of a batch "
          + "this large");
    }
    if (kernel == 2 && stride == 2 && padding == 0 && height % 2 == 0 && width % 2 == 0) {
      planePass.run(null, null, null, dy, dx, gradOutput.rows() * channels);
      return;
    }
    Arrays.fill(dx, 0, gradInput.size(), 0f);
    for (int o = 0, n = gradOutput.size(); o < n; o++) {
      dx[maxAt[o]] += dy[o];
    }
  }

  /**
   * Max pooling's backward when 2 × 2 windows tile the image: each input value lies in one window,
   * so every value of dx is written once, 0 or its window's gradient, instead of filling dx with
   * zeros first.
   */
  private void tile2x2(float[] dy, float[] dx, int planeFrom, int planeTo) {
    int o = planeFrom * outHeight * outWidth;
    for (int plane = planeFrom; plane < planeTo; plane++) {
      for (int oh = 0; oh < outHeight; oh++) {
        int row = plane * height * width + 2 * oh * width;
        for (int ow = 0; ow < outWidth; ow++, o++) {
          int i = row + 2 * ow;
          int best = maxAt[o];
          float g = 0f + dy[o]; // as 0 + dy when added to a zero: −0 gives +0
          dx[i] = best == i ? g : 0f;
          dx[i + 1] = best == i + 1 ? g : 0f;
          dx[i + width] = best == i + width ? g : 0f;
          dx[i + width + 1] = best == i + width + 1 ? g : 0f;
        }
      }
    }
  }

  /**
   * A training pass of 2 × 2 max pooling over its planes: forward when x is set, else backward.
   */
  private final class Planes extends BlockPass {
    private float[] x;
    private float[] y;
    private int[] at;
    private float[] dy;
    private float[] dx;

    void run(float[] x, float[] y, int[] at, float[] dy, float[] dx, int count) {
      this.x = x;
      this.y = y;
      this.at = at;
      this.dy = dy;
      this.dx = dx;
      try {
        runBlocks(loop, count, outHeight * outWidth);
      } finally {
        this.x = null;
        this.y = null;
        this.at = null;
        this.dy = null;
        this.dx = null;
      }
    }

    @Override
    void block(int plane) {
      if (x != null) {
        max2x2(x, y, at, plane, plane + 1);
      } else {
        tile2x2(dy, dx, plane, plane + 1);
      }
    }
  }
}
