package dev.nn4j.layers;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.Shape;
import dev.nn4j.api.ShapeException;
import dev.nn4j.api.spi.Backend;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code conv2d} layer (see {@link Conv2dProvider}), computed per sample and group through the
 * backend's products on an im2col matrix: the columns {@code col} (K × P, K = (C/g)·k² taps, P =
 * H'·W' output positions) hold each position's receptive field, so that
 *
 * <ul>
 *   <li>forward: Y_g = W_g · col ({@link Backend#multiply}), plus the bias;
 *   <li>weight gradient: ∂C/∂W_g += ∂C/∂Y_g · colᵀ ({@link Backend#multiplyTransposedB});
 *   <li>input gradient: ∂C/∂col = W_gᵀ · ∂C/∂Y_g ({@link Backend#multiplyTransposedA}), summed
 *       back onto the image by col2im.
 * </ul>
 *
 * <p>Training keeps its scratch arrays in fields, made on the first training batch and sized per
 * sample, so later batches of any size allocate nothing; inference makes its own per call, so
 * several threads may predict at once.
 */
final class Conv2d implements Layer {
  private final int outChannels;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final int dilation;
  private final int groups;
  private final boolean hasBias;

  private Backend backend;
  private int channels;
  private int height;
  private int width;
  private int outHeight;
  private int outWidth;
  /** Input channels per group. */
  private int groupChannels;
  /** Output channels per group. */
  private int groupOut;
  /** Taps per output value: groupChannels·k². */
  private int taps;
  /** Output positions: outHeight·outWidth. */
  private int positions;
  private float[] weights;
  private float[] weightGradient;
  private float[] biases;
  private float[] biasGradient;
  private List<Parameter> parameters;

  /** Training scratch, null until the first training forward. */
  private Scratch training;

  Conv2d(Conv2dProvider.Parameters p) {
    this.outChannels = p.outChannels();
    this.kernel = p.kernel();
    this.stride = p.stride();
    this.padding = p.padding();
    this.dilation = p.dilation();
    this.groups = p.groups();
    this.hasBias = p.bias();
  }

  @Override
  public Shape build(List<Shape> inputs, LayerContext context) {
    Shape in = Checks.image("conv2d", inputs);
    if (in.channels() % groups != 0) {
      throw new ShapeException("conv2d: the input " + in + " has " + in.channels()
          + " channels, which groups " + groups + " does not divide");
    }
    backend = context.backend();
    channels = in.channels();
    height = in.height();
    width = in.width();
    outHeight = Checks.slidingOutput("conv2d", in, "height", height, kernel, stride, padding,
        dilation);
    outWidth = Checks.slidingOutput("conv2d", in, "width", width, kernel, stride, padding,
        dilation);
    groupChannels = channels / groups;
    groupOut = outChannels / groups;
    taps = groupChannels * kernel * kernel;
    positions = outHeight * outWidth;
    weights = new float[outChannels * taps];
    weightGradient = new float[weights.length];
    context.initialize("weights", weights, taps, outChannels * kernel * kernel);
    List<Parameter> list = new ArrayList<>();
    list.add(new Parameter("weights", weights, weightGradient));
    if (hasBias) {
      biases = new float[outChannels];
      biasGradient = new float[outChannels];
      context.fill("biases", biases, 0f);
      list.add(new Parameter("biases", biases, biasGradient));
    }
    parameters = List.copyOf(list);
    return Shape.image(outChannels, outHeight, outWidth);
  }

  @Override
  public List<Parameter> parameters() {
    return parameters;
  }

  @Override
  public List<String> regularized() {
    return List.of("weights");
  }

  /** The arrays one pass needs, sized per sample. */
  private final class Scratch {
    /** K × P receptive fields of one sample and group. */
    final float[] col = new float[taps * positions];
    /** groupOut × P: one group's output, or its output gradient. */
    final float[] out = new float[groupOut * positions];
    /** One group's weights, groupOut × K; the weights themselves when there is one group. */
    final float[][] groupWeights = new float[groups][];
    /** K × P gradient of col (training only). */
    final float[] colGradient;
    /** groupOut × K weight gradient of one sample (training only). */
    final float[] weightStep;

    Scratch(boolean train) {
      if (groups == 1) {
        groupWeights[0] = weights;
      } else {
        for (int g = 0; g < groups; g++) {
          groupWeights[g] = new float[groupOut * taps];
        }
      }
      colGradient = train ? new float[taps * positions] : null;
      weightStep = train ? new float[groupOut * taps] : null;
    }

    /** Copies each group's rows of the weights into its own array (the products take no offset). */
    void splitWeights() {
      if (groups > 1) {
        for (int g = 0; g < groups; g++) {
          System.arraycopy(weights, g * groupOut * taps, groupWeights[g], 0, groupOut * taps);
        }
      }
    }
  }

  @Override
  public void forward(Matrix[] inputs, Matrix output, boolean training) {
    Scratch s;
    if (training) {
      if (this.training == null) {
        this.training = new Scratch(true);
      }
      s = this.training;
    } else {
      s = new Scratch(false);
    }
    s.splitWeights();
    float[] x = inputs[0].data();
    float[] y = output.data();
    int rows = output.rows();
    for (int n = 0; n < rows; n++) {
      int in = n * channels * height * width;
      for (int g = 0; g < groups; g++) {
        im2col(x, in, g * groupChannels, s.col);
        backend.multiply(groupOut, positions, taps, s.groupWeights[g], s.col, s.out);
        int at = (n * outChannels + g * groupOut) * positions;
        for (int o = 0; o < groupOut; o++) {
          float b = hasBias ? biases[g * groupOut + o] : 0f;
          int from = o * positions;
          for (int p = 0; p < positions; p++) {
            y[at + from + p] = s.out[from + p] + b;
          }
        }
      }
    }
  }

  @Override
  public void backward(Matrix[] inputs, Matrix output, Matrix gradOutput, Matrix[] gradInputs,
      boolean accumulate) {
    Scratch s = training;
    if (s == null) {
      throw new IllegalStateException("conv2d: backward without a training forward");
    }
    s.splitWeights();
    float[] x = inputs[0].data();
    float[] dy = gradOutput.data();
    Matrix gradInput = gradInputs[0];
    float[] dx = gradInput == null ? null : gradInput.data();
    if (dx != null) {
      Arrays.fill(dx, 0, gradInput.size(), 0f);
    }
    if (!accumulate) {
      Arrays.fill(weightGradient, 0f);
      if (hasBias) {
        Arrays.fill(biasGradient, 0f);
      }
    }
    int rows = gradOutput.rows();
    int groupWeightSize = groupOut * taps;
    for (int n = 0; n < rows; n++) {
      int in = n * channels * height * width;
      for (int g = 0; g < groups; g++) {
        int at = (n * outChannels + g * groupOut) * positions;
        System.arraycopy(dy, at, s.out, 0, groupOut * positions);
        if (hasBias) {
          for (int o = 0; o < groupOut; o++) {
            float sum = 0f;
            for (int p = o * positions, end = p + positions; p < end; p++) {
              sum += s.out[p];
            }
            biasGradient[g * groupOut + o] += sum;
          }
        }
        im2col(x, in, g * groupChannels, s.col);
        backend.multiplyTransposedB(groupOut, taps, positions, s.out, s.col, null, s.weightStep);
        int w0 = g * groupWeightSize;
        for (int i = 0; i < groupWeightSize; i++) {
          weightGradient[w0 + i] += s.weightStep[i];
        }
        if (dx != null) {
          backend.multiplyTransposedA(taps, positions, groupOut, s.groupWeights[g], s.out,
              s.colGradient);
          col2im(s.colGradient, dx, in, g * groupChannels);
        }
      }
    }
  }

  /**
   * Writes the receptive fields of one sample's group of channels into col (K × P): row (c, u, v)
   * holds x[c0 + c, i·s − p + u·d, j·s − p + v·d] for each position (i, j), 0 outside the image.
   */
  private void im2col(float[] x, int sample, int c0, float[] col) {
    int row = 0;
    for (int c = 0; c < groupChannels; c++) {
      int plane = sample + (c0 + c) * height * width;
      for (int u = 0; u < kernel; u++) {
        for (int v = 0; v < kernel; v++, row++) {
          int base = row * positions;
          for (int i = 0; i < outHeight; i++) {
            int h = i * stride - padding + u * dilation;
            int to = base + i * outWidth;
            if (h < 0 || h >= height) {
              Arrays.fill(col, to, to + outWidth, 0f);
              continue;
            }
            int line = plane + h * width;
            for (int j = 0; j < outWidth; j++) {
              int w = j * stride - padding + v * dilation;
              col[to + j] = w >= 0 && w < width ? x[line + w] : 0f;
            }
          }
        }
      }
    }
  }

  /** Adds col's gradient (K × P) back onto the image gradient dx, the reverse of im2col. */
  private void col2im(float[] col, float[] dx, int sample, int c0) {
    int row = 0;
    for (int c = 0; c < groupChannels; c++) {
      int plane = sample + (c0 + c) * height * width;
      for (int u = 0; u < kernel; u++) {
        for (int v = 0; v < kernel; v++, row++) {
          int base = row * positions;
          for (int i = 0; i < outHeight; i++) {
            int h = i * stride - padding + u * dilation;
            if (h < 0 || h >= height) {
              continue;
            }
            int from = base + i * outWidth;
            int line = plane + h * width;
            for (int j = 0; j < outWidth; j++) {
              int w = j * stride - padding + v * dilation;
              if (w >= 0 && w < width) {
                dx[line + w] += col[from + j];
              }
            }
          }
        }
      }
    }
  }
}
