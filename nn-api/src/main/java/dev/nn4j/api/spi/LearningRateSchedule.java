package dev.nn4j.api.spi;

/**
 * Varies the learning rate over training; works with any {@link Optimizer}, which receives the
 * rate through {@link Optimizer#step(java.util.List, double)}.
 *
 * <p>Contract: {@code rate} is a pure function of its arguments (no state), so it may be called
 * from any thread, any number of times, in any order, and a resumed training gets the same rates.
 * It returns a finite rate ≥ 0.
 */
public interface LearningRateSchedule {

  /**
   * Returns the learning rate of one step.
   *
   * @param base the optimizer's configured learning rate
   * @param step the 0-based number of optimizer steps taken before this one
   * @param epoch the 1-based epoch the step belongs to
   * @return the rate for this step
   */
  double rate(double base, long step, int epoch);
}
