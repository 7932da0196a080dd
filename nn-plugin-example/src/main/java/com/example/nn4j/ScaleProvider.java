package com.example.nn4j;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.Shape;
import dev.nn4j.api.ShapeException;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerContext;
import dev.nn4j.api.spi.LayerProvider;
import java.util.Arrays;
import java.util.List;

/**
 * {@code scale}: y = x ⊙ γ + β, with one learned gain γ and shift β per feature of a vector, or
 * per channel of an image (shared by the channel's pixels). The output has the input's shape. γ
 * starts at {@code gain}, β at 0; without {@code shift} there is no β.
 */
public final class ScaleProvider implements LayerProvider<ScaleProvider.Parameters> {

  /**
   * Parameters of {@code scale}.
   *
   * @param shift whether to learn the shift β as well as the gain γ; default true
   * @param gain the value every γ starts at, finite and not 0; default 1
   */
  public record Parameters(boolean shift, double gain) {

    /** Validates every parameter. */
    public Parameters {
      if (!Double.isFinite(gain) || gain == 0) {
        throw new IllegalArgumentException("gain must be a finite number other than 0, was "
            + gain);
      }
    }
  }

  @Override
  public String name() {
    return "scale";
  }

  @Override
  public String description() {
    return "y = x γ + β per feature or channel";
  }

  @Override
  public Class<Parameters> parametersType() {
    return Parameters.class;
  }

  @Override
  public Parameters defaultParameters() {
    return new Parameters(true, 1);
  }

  @Override
  public Layer create(Parameters parameters) {
    return new Scale(parameters);
  }

  /**
   * The layer. Its arrays are made in {@code build} and never replaced; {@code forward} only
   * reads fields, so inference is safe from several threads; {@code backward} allocates nothing.
   */
  private static final class Scale implements Layer {
    private final Parameters p;
    private int channels;
    private int plane; // values per channel in one sample: height × width, 1 for a vector
    private float[] gamma;
    private float[] gammaGradient;
    private float[] beta;
    private float[] betaGradient;

    Scale(Parameters p) {
      this.p = p;
    }

    @Override
    public Shape build(List<Shape> inputs, LayerContext context) {
      if (inputs.size() != 1) {
        throw new ShapeException("scale takes one input but was given " + inputs.size() + ": "
            + inputs);
      }
      Shape in = inputs.get(0);
      channels = in.channels();
      plane = in.height() * in.width();
      gamma = new float[channels];
      gammaGradient = new float[channels];
      context.fill("gamma", gamma, (float) p.gain());
      beta = new float[p.shift() ? channels : 0];
      betaGradient = new float[beta.length];
      if (p.shift()) {
        context.fill("beta", beta, 0f);
      }
      return in;
    }

    @Override
    public List<Parameter> parameters() {
      Parameter g = new Parameter("gamma", gamma, gammaGradient);
      return p.shift() ? List.of(g, new Parameter("beta", beta, betaGradient)) : List.of(g);
    }

    @Override
    public void forward(Matrix[] inputs, Matrix output, boolean training) {
      float[] x = inputs[0].data();
      float[] y = output.data();
      int i = 0; // walks the view row by row, channel by channel: never past rows × cols
      for (int r = 0; r < output.rows(); r++) {
        for (int c = 0; c < channels; c++) {
          float b = p.shift() ? beta[c] : 0f;
          for (int end = i + plane; i < end; i++) {
            y[i] = x[i] * gamma[c] + b;
          }
        }
      }
    }

    @Override
    public void backward(Matrix[] inputs, Matrix output, Matrix gradOutput, Matrix[] gradInputs,
        boolean accumulate) {
      float[] x = inputs[0].data();
      float[] g = gradOutput.data();
      float[] gx = gradInputs[0] == null ? null : gradInputs[0].data();
      if (!accumulate) {
        Arrays.fill(gammaGradient, 0f);
        Arrays.fill(betaGradient, 0f);
      }
      int i = 0;
      for (int r = 0; r < gradOutput.rows(); r++) {
        for (int c = 0; c < channels; c++) {
          float dGamma = 0;
          float dBeta = 0;
          for (int end = i + plane; i < end; i++) {
            dGamma += g[i] * x[i]; // ∂y/∂γ = x
            dBeta += g[i]; // ∂y/∂β = 1
            if (gx != null) {
              gx[i] = g[i] * gamma[c]; // ∂y/∂x = γ
            }
          }
          gammaGradient[c] += dGamma;
          if (p.shift()) {
            betaGradient[c] += dBeta;
          }
        }
      }
    }
  }
}
