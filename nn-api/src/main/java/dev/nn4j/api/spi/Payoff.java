package dev.nn4j.api.spi;

import java.util.function.DoubleSupplier;

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
 * next probe forward, once at least {@link #SLOWED_PROBE} window has passed since the last. While
 * the caller runs alone, its windows cannot show that another core became free (the caller alone
 * is as fast either way), so the machine's CPU load is read at the end of each window: when a
 * core's worth of CPU time went idle that was not idle in the window before (another process
 * stopped), the next window is a probe; and while no core is free, the caller alone does not
 * probe the workers (but for one probe every {@link #MOST_PROBE} windows). A gap of more than {@link #GAP_NANOS} between two calls
 * (the caller paused) restarts the window.
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
  static final int SLOWED_PROBE = 1;

  /** Idle CPUs (in cores) from which a core counts as free for the workers. */
  static final double FREE_CORE = 0.75;

  /** A probe wins when it took less than its neighbours' mean less this share ({@code >>}). */
  static final int MARGIN_SHIFT = 4;

  /** The next window: one in the chosen mode, the probe, or the one right after the probe. */
  private enum Next { CHOSEN, PROBE, AFTER }

  /** The machine's idle CPUs in cores since the last call, or NaN when unknown. */
  private final DoubleSupplier idleCpus;
  /** Whether the last window in the chosen mode saw a free core. */
  private boolean wasFree = true;
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
   * Judges by the job times and by {@code idleCpus}: the idle CPUs in cores since its last call,
   * NaN when unknown (then only the job times count).
   */
  Payoff(DoubleSupplier idleCpus) {
    this.idleCpus = idleCpus;
  }

  /**
   * The machine's idle CPUs since the last call, in cores, from the JDK's operating-system bean
   * ({@code com.sun.management.OperatingSystemMXBean#getCpuLoad}); NaN where the JDK does not
   * provide it.
   */
  static DoubleSupplier systemIdleCpus() {
    try {
      var bean = (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      int cpus = Runtime.getRuntime().availableProcessors();
      return () -> {
        double load = bean.getCpuLoad();
        return load < 0 ? Double.NaN : (1 - load) * cpus;
      };
    } catch (LinkageError | ClassCastException e) { // no jdk.management module, another JVM
      return () -> Double.NaN;
    }
  }

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
        boolean free = !(idleCpus.getAsDouble() < FREE_CORE); // unknown counts as free
        if (alone && free && !wasFree) {
          untilProbe = 1;
        }
        wasFree = free;
        before = took;
        // alone on a machine with no core free, a probe could only lose: wait for a free core
        // (or, should the load not show it, MOST_PROBE windows more)
        if (--untilProbe <= 0 && (!alone || free || untilProbe <= -MOST_PROBE)) {
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
