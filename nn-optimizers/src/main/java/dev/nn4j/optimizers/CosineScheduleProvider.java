package dev.nn4j.optimizers;

import dev.nn4j.api.spi.LearningRateSchedule;
import dev.nn4j.api.spi.ScheduleProvider;

/**
 * {@code cosine}: a linear warm-up over warmupSteps steps to learningRate, then cosine annealing
 * to minRate at totalSteps, minRate after: rate = minRate + ½(learningRate − minRate)(1 +
 * cos(π·p)), p the fraction of the annealing done (Loshchilov and Hutter, 2017, SGDR,
 * arXiv:1608.03983; warm-up as in Goyal et al., 2017, arXiv:1706.02677).
 */
public final class CosineScheduleProvider
    implements ScheduleProvider<CosineScheduleProvider.Parameters> {

  /**
   * Parameters of {@code cosine}.
   *
   * @param warmupSteps steps of linear warm-up, ≥ 0; default 0
   * @param totalSteps the step at which the rate reaches minRate, &gt; warmupSteps; default 1000
   * @param minRate the final rate, ≥ 0; default 0
   */
  public record Parameters(long warmupSteps, long totalSteps, double minRate) {

    /** Validates every parameter. */
    public Parameters {
      if (warmupSteps < 0) {
        throw new IllegalArgumentException("warmupSteps must be >= 0, was " + warmupSteps);
      }
      if (totalSteps <= warmupSteps) {
        throw new IllegalArgumentException("totalSteps must be greater than warmupSteps ("
            + warmupSteps + "), was " + totalSteps);
      }
      Checks.nonNegative("minRate", minRate);
    }
  }

  @Override
  public String name() {
    return "cosine";
  }

  @Override
  public String description() {
    return "linear warm-up, then cosine annealing from learningRate to minRate";
  }

  @Override
  public Class<Parameters> parametersType() {
    return Parameters.class;
  }

  @Override
  public Parameters defaultParameters() {
    return new Parameters(0, 1000, 0);
  }

  @Override
  public LearningRateSchedule create(Parameters p) {
    return (base, step, epoch) -> {
      if (step < p.warmupSteps()) {
        return base * (step + 1) / p.warmupSteps();
      }
      double done = Math.min(1, (double) (step - p.warmupSteps())
          / (p.totalSteps() - p.warmupSteps()));
      return p.minRate() + 0.5 * (base - p.minRate()) * (1 + Math.cos(Math.PI * done));
    };
  }
}
