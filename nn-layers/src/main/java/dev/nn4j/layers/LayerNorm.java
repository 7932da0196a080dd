package dev.nn4j.layers;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.Shape;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerContext;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code layer_norm} layer (see {@link LayerNormProvider}). Backward, per sample of F values
 * with x̂ = (x − μ)/√(σ² + ε) and g = γ ⊙ ∂C/∂y: ∂C/∂x = (g − mean(g) − x̂·mean(g ⊙ x̂)) /
 * √(σ² + ε), ∂C/∂γ = Σ_samples ∂C/∂y ⊙ x̂, ∂C/∂β = Σ_samples ∂C/∂y. Backward recomputes μ and σ²
 * from the input, so the layer keeps no per-batch state.
 */
final class LayerNorm implements Layer {
  private final double epsilon;
  private int features;
  private float[] gamma;
  private float[] gammaGradient;
  private float[] beta;
  private float[] betaGradient;
  private List<Parameter> parameters;

  LayerNorm(double epsilon) {
    this.epsilon = epsilon;
  }

  @Override
  public Shape build(List<Shape> inputs, LayerContext context) {
    Shape in = Checks.single("layer_norm", inputs);
    features = in.size();
    Affine affine = new Affine(features, context);
    gamma = affine.gamma;
    gammaGradient = affine.gammaGradient;
    beta = affine.beta;
    betaGradient = affine.betaGradient;
    parameters = affine.parameters;
    return in;
  }

  @Override
  public List<Parameter> parameters() {
    return parameters;
  }

  /** The mean of one sample's values. */
  private double mean(float[] x, int from) {
    double sum = 0;
    for (int i = from, end = from + features; i < end; i++) {
      sum += x[i];
    }
    return sum / features;
  }

  /** 1/√(σ² + ε) of one sample's values, σ² the biased variance. */
  private double inverseDeviation(float[] x, int from, double mu) {
    double squares = 0;
    for (int i = from, end = from + features; i < end; i++) {
      double d = x[i] - mu;
      squares += d * d;
    }
    return 1 / Math.sqrt(squares / features + epsilon);
  }

  @Override
  public void forward(Matrix[] inputs, Matrix output, boolean training) {
    float[] x = inputs[0].data();
    float[] y = output.data();
    for (int r = 0; r < output.rows(); r++) {
      int from = r * features;
      double mu = mean(x, from);
      double inverse = inverseDeviation(x, from, mu);
      for (int j = 0; j < features; j++) {
        y[from + j] = (float) ((x[from + j] - mu) * inverse * gamma[j] + beta[j]);
      }
    }
  }

  @Override
  public void backward(Matrix[] inputs, Matrix output, Matrix gradOutput, Matrix[] gradInputs,
      boolean accumulate) {
    float[] x = inputs[0].data();
    float[] dy = gradOutput.data();
    float[] dx = gradInputs[0] == null ? null : gradInputs[0].data();
    if (!accumulate) {
      Arrays.fill(gammaGradient, 0f);
      Arrays.fill(betaGradient, 0f);
    }
    for (int r = 0; r < gradOutput.rows(); r++) {
      int from = r * features;
      double mu = mean(x, from);
      double inverse = inverseDeviation(x, from, mu);
      double sumG = 0;
      double sumGXhat = 0;
      for (int j = 0; j < features; j++) {
        double xhat = (x[from + j] - mu) * inverse;
        double g = (double) gamma[j] * dy[from + j];
        sumG += g;
        sumGXhat += g * xhat;
        gammaGradient[j] += (float) (dy[from + j] * xhat);
        betaGradient[j] += dy[from + j];
      }
      if (dx == null) {
        continue;
      }
      double meanG = sumG / features;
      double meanGXhat = sumGXhat / features;
      for (int j = 0; j < features; j++) {
        double xhat = (x[from + j] - mu) * inverse;
        double g = (double) gamma[j] * dy[from + j];
        dx[from + j] = (float) ((g - meanG - xhat * meanGXhat) * inverse);
      }
    }
  }
}
