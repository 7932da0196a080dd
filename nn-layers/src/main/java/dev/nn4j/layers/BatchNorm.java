package dev.nn4j.layers;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.Shape;
import dev.nn4j.api.StateBuffer;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerContext;
import java.util.List;

/**
 * The {@code batch_norm} layer (see {@link BatchNormProvider}). Element (r, c, s) of a batch, for
 * sample r, channel c and spatial position s (always 0 for a vector), is at (r·C + c)·S + s.
 *
 * <p>Backward, with x̂ = (x − μ)/√(σ² + ε) and n values per channel:
 * ∂C/∂γ = Σ ∂C/∂y·x̂, ∂C/∂β = Σ ∂C/∂y, and ∂C/∂x = γ/(n·√(σ² + ε))·(n·∂C/∂y − Σ ∂C/∂y − x̂·Σ
 * ∂C/∂y·x̂). The training forward keeps μ and 1/√(σ² + ε) per channel in fields for it.
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
    for (int c = 0; c < channels; c++) {
      double mu;
      double inverse;
      if (training) {
        double sum = 0;
        for (int r = 0; r < rows; r++) {
          sum += sum(x, (r * channels + c) * spatial, spatial);
        }
        mu = sum / n;
        double squares = 0;
        for (int r = 0; r < rows; r++) {
          int from = (r * channels + c) * spatial;
          squares += centredDots(x, mu, x, mu, from, spatial);
        }
        double variance = squares / n;
        inverse = 1 / Math.sqrt(variance + epsilon);
        mean[c] = mu;
        inverseDeviation[c] = inverse;
        runningMean[c] = (float) ((1 - momentum) * runningMean[c] + momentum * mu);
        runningVar[c] = (float) ((1 - momentum) * runningVar[c]
            + momentum * squares / (n - 1));
      } else {
        mu = runningMean[c];
        inverse = 1 / Math.sqrt(runningVar[c] + epsilon);
      }
      float scale = (float) (gamma[c] * inverse);
      float shift = (float) (beta[c] - gamma[c] * inverse * mu);
      for (int r = 0; r < rows; r++) {
        for (int i = (r * channels + c) * spatial, end = i + spatial; i < end; i++) {
          y[i] = x[i] * scale + shift;
        }
      }
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
    for (int c = 0; c < channels; c++) {
      double mu = mean[c];
      double inverse = inverseDeviation[c];
      double sumDy = 0;
      double sumDyCentred = 0;
      for (int r = 0; r < rows; r++) {
        int from = (r * channels + c) * spatial;
        sumDy += sum(dy, from, spatial);
        sumDyCentred += centredDots(dy, 0, x, mu, from, spatial);
      }
      double sumDyXhat = sumDyCentred * inverse;
      gammaGradient[c] = (float) ((accumulate ? gammaGradient[c] : 0) + sumDyXhat);
      betaGradient[c] = (float) ((accumulate ? betaGradient[c] : 0) + sumDy);
      if (dx == null) {
        continue;
      }
      double factor = gamma[c] * inverse / n;
      for (int r = 0; r < rows; r++) {
        for (int i = (r * channels + c) * spatial, end = i + spatial; i < end; i++) {
          double xhat = (x[i] - mu) * inverse;
          dx[i] = (float) (factor * (n * (double) dy[i] - sumDy - xhat * sumDyXhat));
        }
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
