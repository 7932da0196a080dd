package dev.nn4j.layers;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.Shape;
import dev.nn4j.api.ShapeException;
import dev.nn4j.api.spi.Backend;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerContext;
import dev.nn4j.api.spi.ParallelLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code conv2d} layer (see {@link Conv2dProvider}), computed per group through the backend's
 * products on an im2col matrix of a whole chunk of the batch: the columns {@code col} (K × N·P,
 * K = (C/g)·k² taps, P = H'·W' output positions, N the chunk's samples) hold each position's
 * receptive field, so that each chunk and group takes one product each for
 *
 * <ul>
 *   <li>forward: Y_g = W_g · col ({@link Backend#multiply}), plus the bias;
 *   <li>weight gradient: ∂C/∂W_g += ∂C/∂Y_g · colᵀ ({@link Backend#multiplyTransposedB});
 *   <li>input gradient: ∂C/∂col = W_gᵀ · ∂C/∂Y_g ({@link Backend#multiplyTransposedA}), summed
 *       back onto the image by col2im.
 * </ul>
 *
 * <p>Memory: a chunk is the whole batch while its im2col matrix stays within {@value
 * #COLUMN_BUDGET} floats, else as many samples as fit (at least one), so the scratch stays near
 * that size (plus the chunk's output of one group) whatever the batch.
 *
 * <p>Training keeps its scratch arrays in fields, made on the first training batch and grown only
 * when a batch needs a larger chunk than any before, so later batches of the same size or smaller
 * allocate nothing, and runs im2col and col2im of a chunk's samples on the backend's {@link
 * ParallelLoop} (each sample writes its own columns, or its own image gradient, so the bits do not
 * depend on the threads); inference makes its own scratch per call and runs on the caller, so
 * several threads may predict at once.
 */
final class Conv2d implements Layer {
  /**
   * The most floats of im2col matrix one chunk of the batch fills, 1 MiB: small enough to stay in
   * a core's L2 cache between im2col and the product that reads it, large enough that the products
   * pass {@link dev.nn4j.api.spi.Workers#PARALLEL_PRODUCT_FROM} and split over the backend's
   * threads (the Fashion-MNIST CNN's convolutions take 37 and 9 samples per chunk).
   */
  static final int COLUMN_BUDGET = 1 << 18;

  private final int outChannels;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final int dilation;
  private final int groups;
  private final boolean hasBias;
  /** The most floats of im2col matrix one chunk fills: {@link #COLUMN_BUDGET} but in tests. */
  private final long columnBudget;

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
  private ParallelLoop loop;
  /** im2col and col2im of a training chunk's samples, reused so that a step allocates nothing. */
  private final Samples samples = new Samples();

  Conv2d(Conv2dProvider.Parameters p) {
    this(p, COLUMN_BUDGET);
  }

  /** For tests: chunks of at most {@code columnBudget} floats of im2col matrix. */
  Conv2d(Conv2dProvider.Parameters p, long columnBudget) {
    this.columnBudget = columnBudget;
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
    loop = backend.parallelLoop();
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

  /**
   * The arrays one pass needs, sized for {@code samples} samples: the most a chunk of the batch
   * holds (see {@link #chunk}).
   */
  private final class Scratch {
    /** The samples one chunk holds. */
    final int samples;
    /**
     * K × (samples·P): the receptive fields of a chunk of samples and one group, sample n's
     * positions in columns n·P to n·P + P − 1; in backward, then the gradient of those columns.
     */
    final float[] col;
    /** groupOut × (samples·P): one group's output of the chunk, or its output gradient. */
    final float[] out;
    /** One group's weights, groupOut × K; the weights themselves when there is one group. */
    final float[][] groupWeights = new float[groups][];
    /** groupOut × K weight gradient of one chunk and group (training only). */
    final float[] weightStep;

    Scratch(int samples, boolean train) {
      this.samples = samples;
      col = new float[samples * taps * positions];
      out = new float[samples * groupOut * positions];
      if (groups == 1) {
        groupWeights[0] = weights;
      } else {
        for (int g = 0; g < groups; g++) {
          groupWeights[g] = new float[groupOut * taps];
        }
      }
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

  /**
   * The samples one chunk holds for a batch of {@code rows}: all of them while their im2col matrix
   * stays within the budget ({@link #COLUMN_BUDGET} floats), else as many as fit, at least one.
   */
  int chunk(int rows) {
    long perSample = (long) taps * positions;
    long fit = Math.max(1, columnBudget / Math.max(1, perSample));
    return (int) Math.max(1, Math.min(rows, fit));
  }

  /** The training scratch for a batch of {@code rows}, made or grown when it holds too few. */
  private Scratch training(int rows) {
    int samples = chunk(rows);
    if (training == null || training.samples < samples) {
      training = new Scratch(samples, true);
    }
    return training;
  }

  @Override
  public void forward(Matrix[] inputs, Matrix output, boolean training) {
    int rows = output.rows();
    Scratch s = training ? training(rows) : new Scratch(chunk(rows), false);
    s.splitWeights();
    float[] x = inputs[0].data();
    float[] y = output.data();
    for (int n0 = 0; n0 < rows; n0 += s.samples) {
      int count = Math.min(s.samples, rows - n0);
      int columns = count * positions;
      for (int g = 0; g < groups; g++) {
        if (training) {
          samples.run(x, null, n0, count, g, s.col);
        } else {
          for (int n = 0; n < count; n++) {
            im2col(x, (n0 + n) * channels * height * width, g * groupChannels, s.col, columns,
                n * positions);
          }
        }
        backend.multiply(groupOut, columns, taps, s.groupWeights[g], s.col, s.out);
        for (int n = 0; n < count; n++) {
          int at = ((n0 + n) * outChannels + g * groupOut) * positions;
          for (int o = 0; o < groupOut; o++) {
            float b = hasBias ? biases[g * groupOut + o] : 0f;
            int from = o * columns + n * positions;
            int to = at + o * positions;
            for (int p = 0; p < positions; p++) {
              y[to + p] = s.out[from + p] + b;
            }
          }
        }
      }
    }
  }

  @Override
  public void backward(Matrix[] inputs, Matrix output, Matrix gradOutput, Matrix[] gradInputs,
      boolean accumulate) {
    if (training == null) {
      throw new IllegalStateException("conv2d: backward without a training forward");
    }
    int rows = gradOutput.rows();
    Scratch s = training(rows);
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
    if (hasBias) {
      for (int n = 0; n < rows; n++) {
        for (int o = 0; o < outChannels; o++) {
          float sum = 0f;
          for (int p = (n * outChannels + o) * positions, end = p + positions; p < end; p++) {
            sum += dy[p];
          }
          biasGradient[o] += sum;
        }
      }
    }
    int groupWeightSize = groupOut * taps;
    for (int n0 = 0; n0 < rows; n0 += s.samples) {
      int count = Math.min(s.samples, rows - n0);
      int columns = count * positions;
      for (int g = 0; g < groups; g++) {
        for (int n = 0; n < count; n++) {
          int at = ((n0 + n) * outChannels + g * groupOut) * positions;
          for (int o = 0; o < groupOut; o++) {
            System.arraycopy(dy, at + o * positions, s.out, o * columns + n * positions,
                positions);
          }
        }
        samples.run(x, null, n0, count, g, s.col);
        backend.multiplyTransposedB(groupOut, taps, columns, s.out, s.col, null, s.weightStep);
        int w0 = g * groupWeightSize;
        for (int i = 0; i < groupWeightSize; i++) {
          weightGradient[w0 + i] += s.weightStep[i];
        }
        if (dx != null) {
          // col is read: its rows now take the columns' gradient
          backend.multiplyTransposedA(taps, columns, groupOut, s.groupWeights[g], s.out, s.col);
          samples.run(null, dx, n0, count, g, s.col);
        }
      }
    }
  }

  /**
   * im2col (x set) or col2im (dx set) of the samples n0 .. n0 + count − 1 of a training chunk, one
   * group: a block is one sample's K·P values of the chunk's im2col matrix.
   */
  private final class Samples extends BlockPass {
    private float[] x;
    private float[] dx;
    private int n0;
    private int count;
    private int group;
    private float[] col;

    void run(float[] x, float[] dx, int n0, int count, int group, float[] col) {
      this.x = x;
      this.dx = dx;
      this.n0 = n0;
      this.count = count;
      this.group = group;
      this.col = col;
      try {
        runBlocks(loop, count, taps * positions);
      } finally {
        this.x = null;
        this.dx = null;
        this.col = null;
      }
    }

    @Override
    void block(int n) {
      int sample = (n0 + n) * channels * height * width;
      int columns = count * positions;
      if (x != null) {
        im2col(x, sample, group * groupChannels, col, columns, n * positions);
      } else {
        col2im(col, columns, n * positions, dx, sample, group * groupChannels);
      }
    }
  }

  /**
   * Writes the receptive fields of one sample's group of channels into its columns of col (K rows
   * of {@code columns}, the sample's from {@code column}): row (c, u, v) holds x[c0 + c, i·s − p +
   * u·d, j·s − p + v·d] for each position (i, j), 0 outside the image.
   */
  private void im2col(float[] x, int sample, int c0, float[] col, int columns, int column) {
    int row = 0;
    for (int c = 0; c < groupChannels; c++) {
      int plane = sample + (c0 + c) * height * width;
      for (int u = 0; u < kernel; u++) {
        for (int v = 0; v < kernel; v++, row++) {
          int base = row * columns + column;
          // w = j·s + shift, inside the image for j in [first, end)
          int shift = v * dilation - padding;
          int first = first(shift);
          int end = end(shift, first);
          for (int i = 0; i < outHeight; i++) {
            int h = i * stride - padding + u * dilation;
            int to = base + i * outWidth;
            if (h < 0 || h >= height) {
              Arrays.fill(col, to, to + outWidth, 0f);
              continue;
            }
            int line = plane + h * width + shift;
            // the padding's few zeros by loops: Arrays.fill's set-up costs more than a value or two
            for (int j = 0; j < first; j++) {
              col[to + j] = 0f;
            }
            if (stride == 1) {
              if (end > first) { // else line + first may lie outside x
                System.arraycopy(x, line + first, col, to + first, end - first);
              }
            } else {
              for (int j = first; j < end; j++) {
                col[to + j] = x[line + j * stride];
              }
            }
            for (int j = end; j < outWidth; j++) {
              col[to + j] = 0f;
            }
          }
        }
      }
    }
  }

  /** The first output column j whose tap w = j·s + shift is inside the image (w ≥ 0). */
  private int first(int shift) {
    return Math.min(outWidth, shift >= 0 ? 0 : (-shift + stride - 1) / stride);
  }

  /** One past the last output column j whose tap w = j·s + shift is inside the image (w < W). */
  private int end(int shift, int first) {
    int end = width - shift <= 0 ? 0 : (width - shift - 1) / stride + 1;
    return Math.max(first, Math.min(outWidth, end));
  }

  /**
   * Adds one sample's columns of col's gradient (K rows of {@code columns}, the sample's from
   * {@code column}) back onto the image gradient dx, the reverse of im2col.
   */
  private void col2im(float[] col, int columns, int column, float[] dx, int sample, int c0) {
    int row = 0;
    for (int c = 0; c < groupChannels; c++) {
      int plane = sample + (c0 + c) * height * width;
      for (int u = 0; u < kernel; u++) {
        for (int v = 0; v < kernel; v++, row++) {
          int base = row * columns + column;
          int shift = v * dilation - padding;
          int first = first(shift);
          int end = end(shift, first);
          for (int i = 0; i < outHeight; i++) {
            int h = i * stride - padding + u * dilation;
            if (h < 0 || h >= height) {
              continue;
            }
            int from = base + i * outWidth;
            int line = plane + h * width + shift;
            if (stride == 1) {
              for (int j = first; j < end; j++) {
                dx[line + j] += col[from + j];
              }
            } else {
              for (int j = first; j < end; j++) {
                dx[line + j * stride] += col[from + j];
              }
            }
          }
        }
      }
    }
  }
}
