package dev.nn4j.api.spi;

import static dev.nn4j.api.spi.Payoff.FIRST_PROBE;
import static dev.nn4j.api.spi.Payoff.MOST_PROBE;
import static dev.nn4j.api.spi.Payoff.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The choice between parallel jobs and the caller alone, on a clock the test sets: each job
 * takes {@link #parallel} ns when it runs in parallel and {@link #alone} ns on the caller alone.
 */
class PayoffTest {

  private static final long MS = 1_000_000L;

  private final Payoff payoff = new Payoff();
  private long now;
  private long parallel;
  private long alone;
  /** The mode the last call chose for its job. */
  private boolean runsAlone;

  /** Runs {@code windows} windows of jobs; returns how many of those jobs ran alone. */
  private int windows(int windows) {
    int aloneJobs = 0;
    for (int i = 0; i < windows * WINDOW; i++) {
      runsAlone = payoff.alone(now);
      aloneJobs += runsAlone ? 1 : 0;
      now += runsAlone ? alone : parallel;
    }
    return aloneJobs;
  }

  /** Workers that make the jobs faster keep them; the probes alone come ever more rarely. */
  @Test
  void workersThatPayKeepTheJobs() {
    parallel = MS;
    alone = 16 * MS / 10;
    int aloneJobs = windows(FIRST_PROBE + 1);
    assertThat(aloneJobs).as("the first probe").isEqualTo(WINDOW);
    aloneJobs = windows(300);
    assertThat(aloneJobs).as("probes in 300 windows").isLessThanOrEqualTo(8 * WINDOW);
    assertThat(payoff.probeEvery()).isEqualTo(MOST_PROBE);
    assertThat(runsAlone).isFalse();
  }

  /**
   * Workers that arrive late (each parallel job 1.5 ms against 1 ms on the caller alone): after
   * the first probe the caller runs alone, the workers get a probe again later, and once they
   * pay again (0.5 ms) the jobs go back to them.
   */
  @Test
  void workersThatHoldTheCallerLeaveItAloneUntilTheyPayAgain() {
    parallel = 15 * MS / 10;
    alone = MS;
    assertThat(windows(FIRST_PROBE)).as("parallel until the first probe").isZero();
    assertThat(windows(1)).as("the probe").isEqualTo(WINDOW);
    assertThat(windows(1)).as("the window after it").isZero();
    assertThat(windows(1)).as("then alone").isEqualTo(WINDOW);
    int aloneJobs = windows(3 * MOST_PROBE);
    assertThat(aloneJobs).as("alone but for the probes")
        .isGreaterThanOrEqualTo((3 * MOST_PROBE - 8) * WINDOW)
        .isLessThan(3 * MOST_PROBE * WINDOW);
    assertThat(runsAlone).isTrue();

    parallel = MS / 2;
    windows(2 * MOST_PROBE);
    assertThat(runsAlone).as("the workers pay again").isFalse();
    assertThat(windows(FIRST_PROBE - 1)).isZero();
  }

  /**
   * Long settled on the workers, the probes far apart: when the jobs slow down by a quarter (a
   * core got busy), the next window is a probe, and the caller, faster alone now, stays alone.
   */
  @Test
  void aSlowdownBringsTheProbeForward() {
    parallel = MS;
    alone = 16 * MS / 10;
    windows(200);
    assertThat(payoff.probeEvery()).isEqualTo(MOST_PROBE);
    while (runsAlone) {
      windows(1);
    }
    windows(Payoff.SLOWED_PROBE + 2);
    parallel = 2 * MS;
    assertThat(windows(2)).as("the slowed window, then the probe").isEqualTo(WINDOW);
    windows(1);
    assertThat(windows(1)).as("then alone").isEqualTo(WINDOW);
  }

  /** A probe less than a sixteenth faster than its neighbours does not switch. */
  @Test
  void aProbeMustWinByASixteenth() {
    parallel = MS;
    alone = MS - MS / 17;
    windows(FIRST_PROBE + 3);
    assertThat(runsAlone).isFalse();
    assertThat(payoff.probeEvery()).isEqualTo(2 * FIRST_PROBE);
    alone = MS - MS / 15;
    windows(2 * FIRST_PROBE + 3);
    assertThat(runsAlone).isTrue();
  }

  /**
   * The caller pausing between two jobs (as between epochs) restarts the window instead of
   * counting against the mode that happens to run then.
   */
  @Test
  void aPauseRestartsTheWindow() {
    parallel = MS;
    alone = 16 * MS / 10;
    windows(FIRST_PROBE + 1);
    for (int i = 0; i < WINDOW / 2; i++) {
      now += payoff.alone(now) ? alone : parallel;
    }
    now += 1_000 * MS; // more than Payoff.GAP_NANOS
    windows(2);
    assertThat(runsAlone).as("the probe lost against the windows around it").isFalse();
    assertThat(payoff.probeEvery()).isEqualTo(2 * FIRST_PROBE);
  }
}
