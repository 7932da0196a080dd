package dev.nn4j.api.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The workers' hand-over: the caller never waits for a worker that has not joined its job. */
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
}
