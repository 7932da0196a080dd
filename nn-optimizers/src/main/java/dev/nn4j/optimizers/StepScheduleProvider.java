package dev.nn4j.optimizers;

import dev.nn4j.api.spi.LearningRateSchedule;
import dev.nn4j.api.spi.ScheduleProvider;

/** {@code step}: rate = learningRate·γ^⌊(epoch − 1)/stepSize⌋, a drop every stepSize epochs. */
public final class StepScheduleProvider implements ScheduleProvider<StepScheduleProvider.Parameters> {

  /**
   * Parameters of {@code step}.
   *
   * @param stepSize epochs between drops, ≥ 1; default 10
   * @param gamma factor of each drop, in (0, 1]; default 0.1
   */
  public record Parameters(int stepSize, double gamma) {

    /** Validates every parameter. */
    public Parameters {
      if (stepSize < 1) {
        throw new IllegalArgumentException("stepSize must be at least 1, was " + stepSize);
      }
      if (!(gamma > 0 && gamma <= 1)) {
        throw new IllegalArgumentException("gamma must be in (0, 1], was " + gamma);
      }
    }
  }

  @Override
  public String name() {
    return "step";
  }

  @Override
  public String description() {
    return "rate = learningRate * gamma^floor((epoch - 1) / stepSize), PyTorch's StepLR (stepSize"
        + " 10, gamma 0.1 here; PyTorch has no default stepSize and gamma 0.1)";
  }

  @Override
  public Class<Parameters> parametersType() {
    return Parameters.class;
  }

  @Override
  public Parameters defaultParameters() {
    return new Parameters(10, 0.1);
  }

  @Override
  public LearningRateSchedule create(Parameters p) {
    return (base, step, epoch) -> base * Math.pow(p.gamma(), (epoch - 1) / p.stepSize());
  }
}
