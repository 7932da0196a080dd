package dev.nn4j.optimizers;

import dev.nn4j.api.NoParameters;
import dev.nn4j.api.spi.LearningRateSchedule;
import dev.nn4j.api.spi.NoParametersProvider;
import dev.nn4j.api.spi.ScheduleProvider;

/** {@code constant}: the optimizer's learning rate at every step. The default schedule. */
public final class ConstantScheduleProvider implements ScheduleProvider<NoParameters>,
    NoParametersProvider<LearningRateSchedule>, LearningRateSchedule {

  @Override
  public String name() {
    return "constant";
  }

  @Override
  public String description() {
    return "rate = learningRate";
  }

  /** Returns {@code this}: the schedule is stateless. */
  @Override
  public LearningRateSchedule create(NoParameters parameters) {
    return this;
  }

  @Override
  public double rate(double base, long step, int epoch) {
    return base;
  }
}
