package dev.nn4j.api.spi;

import static dev.nn4j.api.spi.Payoff.FIRST_NANOS;
import static dev.nn4j.api.spi.Payoff.MOST_NANOS;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The decision whether the workers pay, on a clock the test sets. */
class PayoffTest {

  private static final long MS = 1_000_000L;

  private long now;

  /** Records jobs of {@code elapsed} ns that gained {@code gain} ns until a window is judged. */
  private void window(Payoff payoff, long elapsed, long gain) {
    for (long time = 0; time < Payoff.WINDOW_NANOS; time += elapsed) {
      now += elapsed;
      payoff.record(elapsed, gain, now);
    }
  }

  private boolean alone(Payoff payoff) {
    return payoff.alone(() -> now);
  }

  @Test
  void workersThatGainKeepTheJobs() {
    Payoff payoff = new Payoff();
    for (int i = 0; i < 100; i++) {
      window(payoff, MS, MS * 9 / 10);
      assertThat(alone(payoff)).isFalse();
    }
    assertThat(payoff.aloneFor()).isEqualTo(FIRST_NANOS);
  }

  /**
   * The caller waited for a worker preempted inside each job (5 ms against 0.1 ms of the
   * worker's work beside it): once the window is full the caller runs alone, until the first
   * time is up; then the next jobs run in parallel again (a probe).
   */
  @Test
  void workersThatHoldTheCallerLeaveItAloneUntilTheProbe() {
    Payoff payoff = new Payoff();
    window(payoff, 5 * MS, MS / 10 - 5 * MS);
    long judged = now;
    assertThat(alone(payoff)).isTrue();
    now = judged + FIRST_NANOS - 1;
    assertThat(alone(payoff)).isTrue();
    now = judged + FIRST_NANOS;
    assertThat(alone(payoff)).isFalse();
  }

  /**
   * A window whose jobs gain less than a quarter of their time does not pay either, though no
   * job lost time.
   */
  @Test
  void aGainBelowAQuarterDoesNotPay() {
    Payoff payoff = new Payoff();
    window(payoff, MS, MS / 4 - 1);
    assertThat(alone(payoff)).isTrue();
    Payoff enough = new Payoff();
    window(enough, MS, MS / 4);
    assertThat(alone(enough)).isFalse();
  }

  /** A lone burst of preemption in a window of jobs that gain does not send the caller alone. */
  @Test
  void aLoneBurstDoesNotSendTheCallerAlone() {
    Payoff payoff = new Payoff();
    now += 4 * MS;
    payoff.record(4 * MS, -4 * MS, now);
    window(payoff, MS, MS * 9 / 10);
    assertThat(alone(payoff)).isFalse();
  }

  /**
   * Probes that fail double the time alone, up to the most; probes that pay halve it again, down
   * to the first.
   */
  @Test
  void theTimeAloneDoublesWhileProbesFailAndHalvesWhileTheyPay() {
    Payoff payoff = new Payoff();
    long expected = FIRST_NANOS;
    for (int i = 0; i < 10; i++) {
      window(payoff, 5 * MS, -4 * MS);
      long judged = now;
      now = judged + expected - 1;
      assertThat(alone(payoff)).as("probe %d", i).isTrue();
      now = judged + expected;
      assertThat(alone(payoff)).as("probe %d", i).isFalse();
      expected = Math.min(MOST_NANOS, 2 * expected);
    }
    assertThat(payoff.aloneFor()).isEqualTo(MOST_NANOS);
    window(payoff, MS, MS);
    assertThat(alone(payoff)).isFalse();
    assertThat(payoff.aloneFor()).isEqualTo(MOST_NANOS / 2);
    for (int i = 0; i < 10; i++) {
      window(payoff, MS, MS);
    }
    assertThat(payoff.aloneFor()).isEqualTo(FIRST_NANOS);
  }
}
