package dev.nn4j.backend.vector;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of daemon threads that run the parts of one job at a time with the calling thread,
 * handing work over through a volatile generation counter and park/unpark, so a parallel product
 * allocates nothing. A caller that finds the workers busy (another thread's product) runs alone.
 *
 * <p>Thread-safety: safe for concurrent use.
 */
final class Workers {

  /** One job: part {@code part} of {@code parts}. */
  interface Job {
    void run(int part, int parts);
  }

  private static final int SPINS = 20_000;

  private final int threads;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicInteger remaining = new AtomicInteger();
  private volatile int generation;
  private volatile Job job;
  private volatile Thread caller;
  private volatile Throwable failure;
  private Thread[] workers;

  /**
   * @param threads how many threads run a job in all, the caller included; 1 runs everything on
   *     the caller
   */
  Workers(int threads) {
    this.threads = Math.max(1, threads);
  }

  /** Returns how many threads a job is split over. */
  int threads() {
    return threads;
  }

  /**
   * Reserves the workers for one job; false when there is one thread, another caller has them,
   * or this thread already holds them (a loop body that calls the backend again runs that call on
   * its own thread instead of overwriting the job in progress).
   */
  boolean tryAcquire() {
    return threads > 1 && !lock.isHeldByCurrentThread() && lock.tryLock();
  }

  /** Gives the workers back after {@link #tryAcquire()}. */
  void release() {
    job = null;
    lock.unlock();
  }

  /**
   * Runs the job's parts on all threads; the caller must hold the workers. Returns when every
   * part has finished; a part that threw is rethrown as it was (a checked throwable wrapped), on
   * whichever thread it ran, so the caller sees the same exception either way.
   */
  void runAcquired(Job work) {
    start();
    failure = null;
    job = work;
    caller = Thread.currentThread();
    remaining.set(threads - 1);
    generation++;
    for (Thread w : workers) {
      LockSupport.unpark(w);
    }
    try {
      work.run(0, threads);
    } finally {
      // even when the caller's part throws, the workers must finish before the job is released
      for (int spin = 0; remaining.get() != 0; spin++) {
        if (spin < SPINS) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
    }
    Throwable t = failure;
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    if (t != null) {
      throw new IllegalStateException("a worker thread failed: " + t, t);
    }
  }

  private void start() {
    if (workers != null) {
      return;
    }
    workers = new Thread[threads - 1];
    for (int i = 0; i < workers.length; i++) {
      int part = i + 1;
      Thread t = new Thread(() -> loop(part), "nn4j-vector-" + part);
      t.setDaemon(true);
      workers[i] = t;
      t.start();
    }
  }

  private void loop(int part) {
    int seen = 0;
    while (true) {
      int g;
      for (int spin = 0; (g = generation) == seen; spin++) {
        if (spin < SPINS) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
      seen = g;
      try {
        job.run(part, threads);
      } catch (Throwable t) {
        failure = t;
      }
      if (remaining.decrementAndGet() == 0) {
        LockSupport.unpark(caller);
      }
    }
  }
}
