package dev.nn4j.losses;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.api.spi.LossProvider;

/**
 * {@code huber}: C = mean over all elements of ½d² where |d| ≤ δ, else δ(|d| − ½δ), with
 * d = s − y; dC/ds = clamp(d, −δ, δ)/(n·m) (Huber, 1964).
 */
public final class HuberProvider implements LossProvider<HuberProvider.Parameters> {

  /**
   * The parameters of {@code huber}.
   *
   * @param delta where the loss turns from quadratic to linear, &gt; 0; default 1
   */
  public record Parameters(double delta) {

    /** Validates {@code delta}. */
    public Parameters {
      if (!(delta > 0) || Double.isInfinite(delta)) {
        throw new IllegalArgumentException("delta must be a finite number > 0, was " + delta);
      }
    }
  }

  @Override
  public String name() {
    return "huber";
  }

  @Override
  public String description() {
    return "C = mean of 0.5 d^2 if |d| <= delta, else delta (|d| - delta/2); d = s - y";
  }

  @Override
  public Class<Parameters> parametersType() {
    return Parameters.class;
  }

  @Override
  public Parameters defaultParameters() {
    return new Parameters(1.0);
  }

  @Override
  public Loss create(Parameters parameters) {
    float delta = (float) parameters.delta();
    return new Loss() {
      @Override
      public double value(Matrix predictions, Matrix targets) {
        float[] s = predictions.data();
        float[] y = targets.data();
        double sum = 0;
        for (int i = 0; i < predictions.size(); i++) {
          double d = Math.abs(s[i] - y[i]);
          sum += d <= delta ? 0.5 * d * d : delta * (d - 0.5 * delta);
        }
        return sum / predictions.size();
      }

      @Override
      public void gradient(Matrix predictions, Matrix targets, Matrix gradient) {
        float[] s = predictions.data();
        float[] y = targets.data();
        float[] g = gradient.data();
        float scale = 1f / predictions.size();
        for (int i = 0; i < predictions.size(); i++) {
          g[i] = Math.max(-delta, Math.min(delta, s[i] - y[i])) * scale;
        }
      }
    };
  }
}
