package dev.nn4j.api.spi;

import java.util.function.LongSupplier;

/**
 * Whether an adapting {@link Workers}' threads pay: the ledger of its parallel jobs, and the
 * decision to run the next jobs on the caller alone.
 *
 * <p>Each parallel job reports how long it took (posting to the last worker's return) and what
 * the workers gained the caller: the time the workers that joined spent in the job while the
 * caller was still working in it (work the caller did not have to do), less the time the caller
 * then waited for them. Once the jobs of a window have taken {@link #WINDOW_NANOS} together, the
 * window is judged: the workers pay when they gained at least a {@link #MARGIN_SHIFT quarter} of
 * the window's time (a speed-up of at
 * least 1.25). A window that pays halves the time the next failure sends the caller alone (down to
 * {@link #FIRST_NANOS}); one that does not sends it alone for that time, then doubles it (up to
 * {@link #MOST_NANOS}). Alone means every job runs on the caller, the workers parked; when the
 * time is up, the next jobs run in parallel again and are judged as one window (a probe). So a
 * core that another process keeps busy costs at most a window of jobs now and then, and a lone
 * burst of preemption on an otherwise idle machine costs little, since a window spans many jobs
 * and one failure sends the caller alone only briefly.
 *
 * <p>Only the times change which threads run a job, never a result: a job's result does not
 * depend on the threads that run it.
 *
 * <p>Thread-safety: none; the {@link Workers} that owns it calls it only while holding its lock.
 */
final class Payoff {

  /** The job time a window of parallel jobs spans before it is judged. */
  static final long WINDOW_NANOS = 16_000_000L;

  /** The workers pay when they gain at least window time {@code >>} this (a quarter). */
  static final int MARGIN_SHIFT = 2;

  /** The shortest time the caller runs alone after a window that did not pay. */
  static final long FIRST_NANOS = 16_000_000L;

  /** The longest time the caller runs alone after windows that did not pay. */
  static final long MOST_NANOS = 1_024_000_000L;

  /** The time the next window that does not pay sends the caller alone for. */
  private long aloneFor = FIRST_NANOS;
  private boolean alone;
  /** While alone, when the next probe may start. */
  private long until;
  private long windowTime;
  private long windowGain;

  /**
   * Returns whether the next job runs on the caller alone: true while a failed window's time
   * runs; once it is up, false (the jobs that follow are a probe), reading the clock only while
   * alone.
   */
  boolean alone(LongSupplier clock) {
    if (alone && clock.getAsLong() - until >= 0) {
      alone = false;
    }
    return alone;
  }

  /**
   * Adds a parallel job to the window: {@code elapsed} ns from posting to return, {@code gain} ns
   * the workers saved the caller (negative when it waited for them longer than they helped), and
   * judges the window once it is full, {@code now} being the time the job returned.
   */
  void record(long elapsed, long gain, long now) {
    windowTime += Math.max(0, elapsed);
    windowGain += gain;
    if (windowTime < WINDOW_NANOS) {
      return;
    }
    if (windowGain >= windowTime >> MARGIN_SHIFT) {
      aloneFor = Math.max(FIRST_NANOS, aloneFor >> 1);
    } else {
      alone = true;
      until = now + aloneFor;
      aloneFor = Math.min(MOST_NANOS, aloneFor << 1);
    }
    windowTime = 0;
    windowGain = 0;
  }

  /** The time the next failed window sends the caller alone for (for tests). */
  long aloneFor() {
    return aloneFor;
  }
}
