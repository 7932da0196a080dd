package dev.nn4j.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.api.NnException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The workers' hand-over: the caller never waits for a worker that has not joined its job, and
 * workers that adapt leave the jobs to the caller while they hold it up.
 */
class WorkersTest {

  /** A job of {@code pieces} pieces that every thread that runs it claims one at a time. */
  private static final class Pieces implements Workers.Job {
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger done = new AtomicInteger();
    final int pieces;

    Pieces(int pieces) {
      this.pieces = pieces;
    }

    @Override
    public void run() {
      for (int p = next.getAndIncrement(); p < pieces; p = next.getAndIncrement()) {
        done.incrementAndGet();
      }
    }
  }

  /**
   * The worker thread is held before its first instruction (as a core busy with another process
   * would hold it): the caller must finish the job alone and return, where it used to wait for
   * the worker to check in. Once the worker runs, it skips the closed job, and later jobs are
   * whole whichever threads take part. (The timeout only turns a hang into a failure.)
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aWorkerThatIsNotScheduledDoesNotHoldTheCaller() {
    CountDownLatch scheduled = new CountDownLatch(1);
    Workers workers = new Workers("test", 2, body -> new Thread(() -> {
      try {
        scheduled.await();
      } catch (InterruptedException e) {
        return;
      }
      body.run();
    }));
    assertThat(run(workers).done).hasValue(1_000);

    scheduled.countDown();
    for (int i = 0; i < 200; i++) {
      assertThat(run(workers).done).hasValue(1_000);
    }
  }

  /**
   * The other half: a worker inside the job holds the caller. The worker stays inside until the
   * caller is parked in its wait for the workers (it parks on the Workers object), or, were the
   * caller to return without waiting, until it has returned; it records which.
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void theCallerWaitsForAWorkerInsideTheJob() throws InterruptedException {
    Workers workers = new Workers("test", 2);
    Thread caller = Thread.currentThread();
    CountDownLatch entered = new CountDownLatch(1);
    AtomicBoolean returned = new AtomicBoolean();
    AtomicBoolean callerWaited = new AtomicBoolean();
    CountDownLatch exited = new CountDownLatch(1);
    Workers.Job job = () -> {
      if (Thread.currentThread() == caller) {
        try {
          entered.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return;
      }
      entered.countDown();
      while (LockSupport.getBlocker(caller) != workers && !returned.get()) {
        Thread.onSpinWait();
      }
      callerWaited.set(!returned.get());
      exited.countDown();
    };
    assertThat(workers.tryAcquire()).isTrue();
    try {
      workers.runAcquired(job);
    } finally {
      workers.release();
      returned.set(true);
    }
    exited.await();
    assertThat(callerWaited).isTrue();
  }

  /**
   * With no time to wait, the worker's thread ends once it has spun a while after the job; the
   * next job starts a new one, under the same name, and is whole. (The timeout only turns a
   * thread that never ends into a failure.)
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void anIdleWorkerEndsAndTheNextJobStartsAnother() throws InterruptedException {
    List<Thread> made = new CopyOnWriteArrayList<>();
    Workers workers = new Workers("test", 2, body -> {
      Thread t = new Thread(body);
      made.add(t);
      return t;
    }, 0);
    assertThat(run(workers).done).hasValue(1_000);
    assertThat(made).hasSize(1);
    made.get(0).join();

    assertThat(run(workers).done).hasValue(1_000);
    assertThat(made).hasSize(2);
    assertThat(made).extracting(Thread::getName).containsOnly("nn4j-test-1");
    assertThat(made.get(1).isDaemon()).isTrue();
  }

  @Test
  void onlyTheThreadThatHoldsTheWorkersMayRunOrReleaseThem() {
    Workers workers = new Workers("test", 2);
    assertThatThrownBy(workers::release)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this thread does not hold the workers: tryAcquire() first");
    assertThatThrownBy(() -> workers.runAcquired(() -> { }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(run(workers).done).hasValue(1_000);
  }

  /**
   * A factory that declines (null) or fails to make a thread leaves the job to the threads there
   * are; a later job tries again and gets its worker.
   */
  @Test
  void aThreadTheFactoryCannotMakeLeavesTheJobToTheCaller() {
    AtomicInteger calls = new AtomicInteger();
    List<Thread> made = new CopyOnWriteArrayList<>();
    Workers workers = new Workers("test", 2, body -> {
      int call = calls.getAndIncrement();
      if (call == 0) {
        return null;
      }
      if (call == 1) {
        throw new IllegalStateException("no thread today");
      }
      Thread t = new Thread(body);
      made.add(t);
      return t;
    });
    assertThat(run(workers).done).hasValue(1_000);
    assertThat(run(workers).done).hasValue(1_000);
    assertThat(made).isEmpty();
    assertThat(run(workers).done).hasValue(1_000);
    assertThat(made).hasSize(1);
  }

  /**
   * A job that posts another job to the same workers would corrupt the count of the first. (The
   * timeout only turns a hang into a failure.)
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aJobCannotRunAnotherOnTheSameWorkers() {
    Workers workers = new Workers("test", 2);
    Thread caller = Thread.currentThread();
    assertThat(workers.tryAcquire()).isTrue();
    try {
      assertThatThrownBy(() -> workers.runAcquired(() -> {
        if (Thread.currentThread() == caller) {
          workers.runAcquired(() -> { });
        }
      })).isInstanceOf(IllegalStateException.class)
          .hasMessage("called from inside a job of these workers");
    } finally {
      workers.release();
    }
    assertThat(run(workers).done).hasValue(1_000);
  }

  @Test
  void aThreadCountBelowOneIsRejected() {
    assertThatThrownBy(() -> new Workers("test", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threads must be at least 1, was 0");
    assertThat(new Workers("test", 1).tryAcquire()).as("one thread never hands work over")
        .isFalse();
  }

  /** The system property is read as a whole number of at least 1, else reported by name. */
  @Test
  void configuredThreadsReadsTheSystemProperty() {
    String before = System.getProperty(Workers.THREADS_PROPERTY);
    try {
      System.clearProperty(Workers.THREADS_PROPERTY);
      assertThat(Workers.configuredThreads())
          .isEqualTo(Runtime.getRuntime().availableProcessors());
      System.setProperty(Workers.THREADS_PROPERTY, " 3 ");
      assertThat(Workers.configuredThreads()).isEqualTo(3);
      for (String bad : new String[] {"0", "-2", "two", ""}) {
        System.setProperty(Workers.THREADS_PROPERTY, bad);
        assertThatThrownBy(Workers::configuredThreads)
            .isInstanceOf(NnException.class)
            .hasMessage("the system property nn4j.threads must be a whole number of at least 1"
                + " (threads, the caller included), was '" + bad + "'");
      }
    } finally {
      if (before == null) {
        System.clearProperty(Workers.THREADS_PROPERTY);
      } else {
        System.setProperty(Workers.THREADS_PROPERTY, before);
      }
    }
  }

  /**
   * Adapting workers on a clock the test sets, where every job the workers take makes the caller
   * wait (5 ms, against 1 ms on the caller alone: a worker that arrives late): after the first
   * probe the caller runs alone, tryAcquire refused and a parallel loop run on the caller alone,
   * and later the workers get jobs again (a probe). (The timeout only turns a hang into a
   * failure.)
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void workersThatArriveLateLeaveTheCallerAloneUntilAProbe() {
    AtomicLong now = new AtomicLong(1L << 40);
    Workers workers = new Workers("test", 2, Thread::new, 1_000_000_000L, true, now::get);
    assertThat(workers.adapts()).isTrue();
    int parallel = jobs(workers, now, (Payoff.FIRST_PROBE + 3) * Payoff.WINDOW);
    assertThat(parallel).isEqualTo((Payoff.FIRST_PROBE + 1) * Payoff.WINDOW);
    List<Thread> ran = new CopyOnWriteArrayList<>();
    workers.run(Workers.PARALLEL_LOOP_FROM * 4, (from, to) -> ran.add(Thread.currentThread()));
    assertThat(ran).containsExactly(Thread.currentThread());
    assertThat(jobs(workers, now, 2 * Payoff.MOST_PROBE * Payoff.WINDOW))
        .as("the probes").isPositive().isLessThan(10 * Payoff.WINDOW);
  }

  /** Workers with a fixed count hand every job over, however long the jobs take. */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void workersThatDoNotAdaptKeepHandingOver() {
    AtomicLong now = new AtomicLong();
    Workers workers = new Workers("test", 2, Thread::new, 1_000_000_000L, false, now::get);
    assertThat(workers.adapts()).isFalse();
    int jobs = (Payoff.FIRST_PROBE + 3) * Payoff.WINDOW;
    assertThat(jobs(workers, now, jobs)).isEqualTo(jobs);
  }

  /**
   * Runs {@code count} jobs, each on the workers when they take it (then 5 ms on the clock) or on
   * the caller alone (1 ms); returns how many the workers took.
   */
  private static int jobs(Workers workers, AtomicLong now, int count) {
    int parallel = 0;
    for (int i = 0; i < count; i++) {
      if (workers.tryAcquire()) {
        try {
          workers.runAcquired(new Pieces(10));
        } finally {
          workers.release();
        }
        parallel++;
        now.addAndGet(5_000_000L);
      } else {
        now.addAndGet(1_000_000L);
      }
    }
    return parallel;
  }

  /**
   * Unset, the property gives adapting workers on the available processors; set, a fixed count.
   */
  @Test
  void configuredWorkersAdaptUnlessTheCountIsSet() {
    String before = System.getProperty(Workers.THREADS_PROPERTY);
    try {
      System.clearProperty(Workers.THREADS_PROPERTY);
      Workers workers = Workers.configured("test");
      int processors = Runtime.getRuntime().availableProcessors();
      assertThat(workers.threads()).isEqualTo(processors);
      assertThat(workers.adapts()).isEqualTo(processors > 1);
      System.setProperty(Workers.THREADS_PROPERTY, "3");
      assertThat(Workers.configured("test").threads()).isEqualTo(3);
      assertThat(Workers.configured("test").adapts()).isFalse();
    } finally {
      if (before == null) {
        System.clearProperty(Workers.THREADS_PROPERTY);
      } else {
        System.setProperty(Workers.THREADS_PROPERTY, before);
      }
    }
  }

  private static Pieces run(Workers workers) {
    Pieces job = new Pieces(1_000);
    assertThat(workers.tryAcquire()).isTrue();
    try {
      workers.runAcquired(job);
    } finally {
      workers.release();
    }
    return job;
  }

  /** close() ends the threads, after the job in progress; later jobs run on the caller. */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void closeEndsTheThreadsAndLaterJobsRunOnTheCaller() {
    List<Thread> made = new CopyOnWriteArrayList<>();
    Workers workers = new Workers("closing", 3, body -> {
      Thread t = new Thread(body);
      made.add(t);
      return t;
    });
    assertThat(run(workers).done).hasValue(1_000);
    assertThat(made).hasSize(2);
    workers.close();
    assertThat(made).allSatisfy(t -> assertThat(t.isAlive()).isFalse());
    assertThat(workers.tryAcquire()).isFalse();
    AtomicInteger ran = new AtomicInteger();
    workers.run(Workers.PARALLEL_LOOP_FROM * 4, (from, to) -> ran.addAndGet(to - from));
    assertThat(ran).hasValue(Workers.PARALLEL_LOOP_FROM * 4);
    assertThat(made).hasSize(2);
    workers.close();
  }
}
