package dev.nn4j.testkit;

import dev.nn4j.api.spi.LearningRateSchedule;
import dev.nn4j.api.spi.ScheduleProvider;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link ScheduleProvider}: besides the {@linkplain PluginContract common
 * checks}, rates are finite and ≥ 0 and a pure function of (base, step, epoch), so resumed and
 * concurrent trainings see the same rates.
 */
public abstract class ScheduleContract extends PluginContract {

  @Override
  protected abstract ScheduleProvider<?> provider();

  @Override
  protected final Class<?> serviceType() {
    return ScheduleProvider.class;
  }

  /** Returns a component created from the default parameters. */
  protected LearningRateSchedule schedule() {
    return createDefault(provider());
  }

  /** Rates over 100 epochs of 200 steps are finite, ≥ 0 and never above 10× the base. */
  @Test
  public void ratesAreFiniteAndNonNegative() {
    LearningRateSchedule schedule = schedule();
    for (int epoch = 1; epoch <= 100; epoch++) {
      for (long step = (epoch - 1) * 200L; step < epoch * 200L; step += 7) {
        double rate = schedule.rate(0.1, step, epoch);
        if (!(rate >= 0 && rate <= 1.0)) {
          throw new AssertionError("rate of " + provider().name() + " at step " + step
              + ", epoch " + epoch + " with base 0.1 is " + rate
              + "; expected a finite rate in [0, 1]");
        }
      }
    }
  }

  /** The same arguments give the same rate, from this schedule and from a fresh one. */
  @Test
  public void ratesArePure() {
    LearningRateSchedule a = schedule();
    LearningRateSchedule b = schedule();
    for (long step = 0; step < 5000; step += 13) {
      int epoch = (int) (step / 100) + 1;
      double first = a.rate(0.05, step, epoch);
      a.rate(0.05, step + 1, epoch + 1);
      double again = a.rate(0.05, step, epoch);
      double fresh = b.rate(0.05, step, epoch);
      if (Double.compare(first, again) != 0 || Double.compare(first, fresh) != 0) {
        throw new AssertionError("rate of " + provider().name() + " at step " + step
            + " is not a pure function: " + first + ", then " + again + ", fresh " + fresh);
      }
    }
  }
}
