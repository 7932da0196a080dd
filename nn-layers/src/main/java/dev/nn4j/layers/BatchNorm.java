package dev.nn4j.layers;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.Shape;
import dev.nn4j.api.StateBuffer;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerContext;
import dev.nn4j.api.spi.ParallelLoop;
import java.util.List;

/**
 * The {@code batch_norm} layer (see {@link BatchNormProvider}). Element (r, c, s) of a batch, for
 * sample r, channel c and spatial position s (always 0 for a vector), is at (r·C + c)·S + s.
 *
 * <p>Backward, with x̂ = (x − μ)/√(σ² + ε) and n values per channel:
 * ∂C/∂γ = Σ ∂C/∂y·x̂, ∂C/∂β = Σ ∂C/∂y, and ∂C/∂x = γ/(n·√(σ² + ε))·(n·∂C/∂y − Σ ∂C/∂y − x̂·Σ
 * ∂C/∂y·x̂). The training forward keeps μ and 1/√(σ² + ε) per channel in fields for it.
 *
 * <p>A training pass runs on the backend's {@link ParallelLoop} in blocks of one sample's
 * channel: each block's sums are kept apart and added per channel in sample order, as one thread
 * would add them, so the bits do not depend on the threads. Its scratch (those partial sums) is
 * made on the first training batch and grown only when a batch is larger than any before.
 * Inference runs on the caller and keeps nothing, so several threads may predict at once.
 */
final class BatchNorm implements Layer {
  private final double momentum;
  private final double epsilon;
  private int channels;
  private int spatial;
  private float[] gamma;
  private float[] gammaGradient;
  private float[] beta;
  private float[] betaGradient;
  private float[] runningMean;
  private float[] runningVar;
  /** μ of the last training batch, per channel. */
  private double[] mean;
  /** 1/√(σ² + ε) of the last training batch, per channel. */
  private double[] inverseDeviation;
  private List<Parameter> parameters;
  private List<StateBuffer> buffers;
  private ParallelLoop loop;
  /** A training pass over the blocks, reused so that a step allocates nothing. */
  private final Pass pass = new Pass();

  BatchNorm(BatchNormProvider.Parameters p) {
    this.momentum = p.momentum();
    this.epsilon = p.epsilon();
  }

  @Override
  public Shape build(List<Shape> inputs, LayerContext context) {
    Shape in = Checks.single("batch_norm", inputs);
    channels = in.channels();
    spatial = in.height() * in.width();
    runningMean = new float[channels];
    runningVar = new float[channels];
    mean = new double[channels];
    inverseDeviation = new double[channels];
    Affine affine = new Affine(channels, context);
    gamma = affine.gamma;
    gammaGradient = affine.gammaGradient;
    beta = affine.beta;
    betaGradient = affine.betaGradient;
    context.fill("running_mean", runningMean, 0f);
    context.fill("running_var", runningVar, 1f);
    parameters = affine.parameters;
    loop = context.backend().parallelLoop();
    buffers = List.of(new StateBuffer("running_mean", runningMean),
        new StateBuffer("running_var", runningVar));
    return in;
  }

  @Override
  public List<Parameter> parameters() {
    return parameters;
  }

  @Override
  public List<StateBuffer> buffers() {
    return buffers;
  }

  @Override
  public void forward(Matrix[] inputs, Matrix output, boolean training) {
    float[] x = inputs[0].data();
    float[] y = output.data();
    int rows = output.rows();
    int n = rows * spatial;
    if (training && n < 2) {
      throw new IllegalArgumentException("batch_norm needs more than 1 value per channel when "
          + "training, but a batch of " + rows + " sample(s) has " + n);
    }
    if (!training) {
      for (int c = 0; c < channels; c++) {
        double mu = runningMean[c];
        double inverse = 1 / Math.sqrt(runningVar[c] + epsilon);
        float scale = (float) (gamma[c] * inverse);
        float shift = (float) (beta[c] - gamma[c] * inverse * mu);
        for (int r = 0; r < rows; r++) {
          apply(x, y, (r * channels + c) * spatial, scale, shift);
        }
      }
      return;
    }
    pass.run(Pass.SUMS, rows, x, null, y, null);
    for (int c = 0; c < channels; c++) {
      mean[c] = pass.total(pass.first, c, rows) / n;
    }
    pass.run(Pass.SQUARES, rows, x, null, y, null);
    for (int c = 0; c < channels; c++) {
      double mu = mean[c];
      double squares = pass.total(pass.first, c, rows);
      double inverse = 1 / Math.sqrt(squares / n + epsilon);
      inverseDeviation[c] = inverse;
      runningMean[c] = (float) ((1 - momentum) * runningMean[c] + momentum * mu);
      runningVar[c] = (float) ((1 - momentum) * runningVar[c]
          + momentum * squares / (n - 1));
      pass.scale[c] = (float) (gamma[c] * inverse);
      pass.shift[c] = (float) (beta[c] - gamma[c] * inverse * mu);
    }
    pass.run(Pass.APPLY, rows, x, null, y, null);
  }

  /** y = x·scale + shift over one block. */
  private void apply(float[] x, float[] y, int from, float scale, float shift) {
    for (int i = from, end = from + spatial; i < end; i++) {
      y[i] = x[i] * scale + shift;
    }
  }

  @Override
  public void backward(Matrix[] inputs, Matrix output, Matrix gradOutput, Matrix[] gradInputs,
      boolean accumulate) {
    float[] x = inputs[0].data();
    float[] dy = gradOutput.data();
    float[] dx = gradInputs[0] == null ? null : gradInputs[0].data();
    int rows = gradOutput.rows();
    int n = rows * spatial;
    pass.run(Pass.GRADIENT_SUMS, rows, x, dy, null, null);
    for (int c = 0; c < channels; c++) {
      double sumDy = pass.total(pass.first, c, rows);
      double sumDyXhat = pass.total(pass.second, c, rows) * inverseDeviation[c];
      gammaGradient[c] = (float) ((accumulate ? gammaGradient[c] : 0) + sumDyXhat);
      betaGradient[c] = (float) ((accumulate ? betaGradient[c] : 0) + sumDy);
      pass.sumDy[c] = sumDy;
      pass.sumDyXhat[c] = sumDyXhat;
      pass.factor[c] = gamma[c] * inverseDeviation[c] / n;
    }
    if (dx != null) {
      pass.count = n;
      pass.run(Pass.INPUT_GRADIENT, rows, x, dy, null, dx);
    }
  }

  /**
   * One pass of a training step over the blocks (sample r, channel c), each of {@code spatial}
   * values from (r·C + c)·S. Per-block sums go to {@link #first} and {@link #second} at r·C + c.
   */
  private final class Pass extends BlockPass {
    static final int SUMS = 0;
    static final int SQUARES = 1;
    static final int APPLY = 2;
    static final int GRADIENT_SUMS = 3;
    static final int INPUT_GRADIENT = 4;

    double[] first = new double[0];
    double[] second = new double[0];
    float[] scale;
    float[] shift;
    double[] sumDy;
    double[] sumDyXhat;
    double[] factor;
    /** The values per channel, n, for the input gradient. */
    int count;
    private int kind;
    private float[] x;
    private float[] dy;
    private float[] y;
    private float[] dx;

    /** Runs one pass over the blocks of {@code rows} samples. */
    void run(int kind, int rows, float[] x, float[] dy, float[] y, float[] dx) {
      if (scale == null) {
        scale = new float[channels];
        shift = new float[channels];
        sumDy = new double[channels];
        sumDyXhat = new double[channels];
        factor = new double[channels];
      }
      if (first.length < rows * channels) {
        first = new double[rows * channels];
        second = new double[rows * channels];
      }
      this.kind = kind;
      this.x = x;
      this.dy = dy;
      this.y = y;
      this.dx = dx;
      try {
        runBlocks(loop, rows * channels, spatial);
      } finally {
        this.x = null;
        this.dy = null;
        this.y = null;
        this.dx = null;
      }
    }

    /** Σ over r of the block sums of channel c, in sample order. */
    double total(double[] sums, int c, int rows) {
      double total = 0;
      for (int r = 0; r < rows; r++) {
        total += sums[r * channels + c];
      }
      return total;
    }

    @Override
    void block(int b) {
      int c = b % channels;
      int at = b * spatial;
      switch (kind) {
        case SUMS -> first[b] = sum(x, at, spatial);
        case SQUARES -> first[b] = centredDots(x, mean[c], x, mean[c], at, spatial);
        case APPLY -> apply(x, y, at, scale[c], shift[c]);
        case GRADIENT_SUMS -> {
          first[b] = sum(dy, at, spatial);
          second[b] = centredDots(dy, 0, x, mean[c], at, spatial);
        }
        default -> inputGradient(at, c);
      }
    }

    private void inputGradient(int from, int c) {
      double mu = mean[c];
      double inverse = inverseDeviation[c];
      double f = factor[c];
      for (int i = from, end = from + spatial; i < end; i++) {
        double xhat = (x[i] - mu) * inverse;
        dx[i] = (float) (f * (count * (double) dy[i] - sumDy[c] - xhat * sumDyXhat[c]));
      }
    }
  }

  /*
   * The sums below keep four running totals over a run of values, so that the additions do not
   * wait on each other; the order is fixed, so the results are as deterministic as one total.
   */

  /** Σ a[i] over the {@code length} values from {@code from}. */
  private static double sum(float[] a, int from, int length) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = from;
    for (int end = from + length - 3; i < end; i += 4) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
    }
    for (int end = from + length; i < end; i++) {
      s0 += a[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** Σ (a[i] − p)·(b[i] − q) over the {@code length} values from {@code from}. */
  private static double centredDots(float[] a, double p, float[] b, double q, int from,
      int length) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = from;
    for (int end = from + length - 3; i < end; i += 4) {
      s0 += (a[i] - p) * (b[i] - q);
      s1 += (a[i + 1] - p) * (b[i + 1] - q);
      s2 += (a[i + 2] - p) * (b[i + 2] - q);
      s3 += (a[i + 3] - p) * (b[i + 3] - q);
    }
    for (int end = from + length; i < end; i++) {
      s0 += (a[i] - p) * (b[i] - q);
    }
    return (s0 + s1) + (s2 + s3);
  }
}
