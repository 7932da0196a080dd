package dev.nn4j.optimizers;

import dev.nn4j.api.spi.LearningRateSchedule;
import dev.nn4j.api.spi.ScheduleProvider;

/** {@code exponential}: rate = learningRate·γ^(epoch − 1). */
public final class ExponentialScheduleProvider
    implements ScheduleProvider<ExponentialScheduleProvider.Parameters> {

  /**
   * Parameters of {@code exponential}.
   *
   * @param gamma factor per epoch, in (0, 1]; default 0.95
   */
  public record Parameters(double gamma) {

    /** Validates gamma. */
    public Parameters {
      if (!(gamma > 0 && gamma <= 1)) {
        throw new IllegalArgumentException("gamma must be in (0, 1], was " + gamma);
      }
    }
  }

  @Override
  public String name() {
    return "exponential";
  }

  @Override
  public String description() {
    return "rate = learningRate * gamma^(epoch - 1), PyTorch's ExponentialLR (gamma 0.95 here;"
        + " PyTorch has no default)";
  }

  @Override
  public Class<Parameters> parametersType() {
    return Parameters.class;
  }

  @Override
  public Parameters defaultParameters() {
    return new Parameters(0.95);
  }

  @Override
  public LearningRateSchedule create(Parameters p) {
    return (base, step, epoch) -> base * Math.pow(p.gamma(), epoch - 1);
  }
}
