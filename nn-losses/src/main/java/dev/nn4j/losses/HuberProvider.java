package dev.nn4j.losses;

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
    return "C = mean of 0.5 d^2 if |d| <= delta, else delta (|d| - delta/2); d = s - y (PyTorch"
        + " HuberLoss, Keras Huber; delta 1 in both)";
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
    return new ElementwiseLoss(false) {
      @Override
      double term(float s, float y) {
        double d = Math.abs(s - y);
        return d <= delta ? 0.5 * d * d : delta * (d - 0.5 * delta);
      }

      @Override
      float slope(float s, float y) {
        return Math.max(-delta, Math.min(delta, s - y));
      }
    };
  }
}
