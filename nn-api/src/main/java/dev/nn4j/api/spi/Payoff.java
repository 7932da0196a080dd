package dev.nn4j.api.spi;

/**
 * Whether an adapting {@link Workers}' threads pay, judged from the stream of jobs: the time
 * from one {@link Workers#tryAcquire()} to the next spans a job and whatever the caller does
 * before the next, so a window of {@link #WINDOW} such calls spans the same work whichever
 * threads ran the jobs (a training step asks for the same jobs whether or not they run in
 * parallel). The workers run the jobs of most windows in the mode that has been faster; every
 * so often one window runs in the other mode (a probe), and if it took at least a sixteenth
 * less time than the mean of the windows just before and just after it (so a machine getting
 * busier or quieter favours neither mode), that mode becomes the one used. A probe that does not
 * win doubles the windows until the next probe (from {@link #FIRST_PROBE} up to {@link
 * #MOST_PROBE}); one that wins brings the next probe back to the first distance. A window in the
 * chosen mode that takes a quarter longer than the one before it (the machine changed) brings the
 * next probe forward, once at least {@link #SLOWED_PROBE} windows have passed since the last. A
 * gap of more than {@link #GAP_NANOS} between two calls (the caller paused) restarts the window.
 *
 * <p>Only the times change which threads run a job, never a result: a job's result does not
 * depend on the threads that run it.
 *
 * <p>Thread-safety: none; the {@link Workers} that owns it calls it only while holding its lock.
 */
final class Payoff {

  /** Calls to {@link Workers#tryAcquire()} (jobs) per window. */
  static final int WINDOW = 256;

  /** A pause between two calls longer than this restarts the window. */
  static final long GAP_NANOS = 50_000_000L;

  /** Windows in the chosen mode before the first probe, and after a probe that won. */
  static final int FIRST_PROBE = 4;

  /** The most windows in the chosen mode between two probes. */
  static final int MOST_PROBE = 64;

  /** Windows since the last probe after which a slowed window brings the next one forward. */
  static final int SLOWED_PROBE = 16;

  /** A probe wins when it took less than its neighbours' mean less this share ({@code >>}). */
  static final int MARGIN_SHIFT = 4;

  /** The next window: one in the chosen mode, the probe, or the one right after the probe. */
  private enum Next { CHOSEN, PROBE, AFTER }

  private boolean alone;
  private Next next = Next.CHOSEN;
  /** Windows in the chosen mode until the next probe, and that distance when it was set. */
  private int untilProbe = FIRST_PROBE;
  private int probeEvery = FIRST_PROBE;
  /** The times of the last window in the chosen mode before the probe, and of the probe, ns. */
  private long before;
  private long probe;
  /** Calls in the current window so far, its first call's time, and the last call's. */
  private int calls;
  private long start;
  private long last;

  /**
   * Counts a call to {@link Workers#tryAcquire()} made at {@code now} (ns) and returns whether
   * its job runs on the caller alone.
   */
  boolean alone(long now) {
    if (calls > 0 && now - last > GAP_NANOS) {
      calls = 0;
    }
    last = now;
    if (calls == 0) {
      start = now;
    } else if (calls == WINDOW) {
      judge(now - start);
      calls = 0;
      start = now;
    }
    calls++;
    return alone;
  }

  /** A window of {@link #WINDOW} jobs took {@code took} ns: chooses the mode of the next ones. */
  private void judge(long took) {
    switch (next) {
      case CHOSEN -> {
        if (took > before + (before >> 2) && probeEvery - untilProbe >= SLOWED_PROBE) {
          untilProbe = 1;
        }
        before = took;
        if (--untilProbe <= 0) {
          next = Next.PROBE;
          alone = !alone;
        }
      }
      case PROBE -> {
        probe = took;
        next = Next.AFTER;
        alone = !alone;
      }
      case AFTER -> {
        long mean = before / 2 + took / 2;
        if (probe < mean - (mean >> MARGIN_SHIFT)) {
          alone = !alone;
          probeEvery = FIRST_PROBE;
        } else {
          probeEvery = Math.min(MOST_PROBE, 2 * probeEvery);
        }
        untilProbe = probeEvery;
        next = Next.CHOSEN;
      }
    }
  }

  /** Windows between the next probe and the one after it, if it does not win (for tests). */
  int probeEvery() {
    return probeEvery;
  }
}
