package dev.nn4j.api.spi;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of daemon threads that run one job at a time with the calling thread, handing work
 * over through a volatile generation counter and park/unpark, so a parallel job allocates
 * nothing: the threads a {@link Backend} lends to its products and, as the {@link ParallelLoop}
 * it returns from {@link Backend#parallelLoop()}, to element-wise work. Both backends that come
 * with nn4j use it; a third-party backend may too. A caller that finds the workers busy (another
 * thread's job) runs alone.
 *
 * <p>A job splits its work itself, each thread claiming pieces until none is left, and a worker
 * joins a job only while the caller is still in it: once the caller has run out of pieces it
 * closes the job and waits only for the workers inside. A worker that arrives later (its core was
 * busy with another process) skips the job instead of holding the caller until it is scheduled:
 * with a busy-looping process on one of two cores, the MLP's epoch at 2 threads took 2.8–4.2 s
 * when every worker had to check in to every job and takes 1.2–1.4 s since (1 thread: 0.87–0.99
 * s; what is left are the jobs a worker joined and was preempted in).
 *
 * <p>Thread-safety: safe for concurrent use.
 */
public final class Workers implements ParallelLoop {

  /**
   * One job: run by the caller and by every worker that joins it, each claiming pieces of the
   * work until none is left (any number of threads, one included, must complete it).
   */
  @FunctionalInterface
  public interface Job {

    /** Claims and does pieces of the work until none is left. */
    void run();
  }

  /** Loops over fewer indices than this run on the calling thread. */
  public static final int PARALLEL_LOOP_FROM = 2 * GRAIN;

  private static final int SPINS = 20_000;

  /** {@link #state}: the job's generation in the high 32 bits, then this flag, then a count. */
  private static final long CLOSED = 1L << 31;
  private static final long INSIDE = CLOSED - 1;

  private final int threads;
  private final String name;
  private final ThreadFactory factory;
  private final ReentrantLock lock = new ReentrantLock();
  /** The current job's generation, whether it is closed, and how many workers are inside it. */
  private final AtomicLong state = new AtomicLong();
  private final LoopJob loopJob = new LoopJob();
  private volatile int generation;
  private volatile Job job;
  private volatile Thread caller;
  private volatile Throwable failure;
  private Thread[] workers;

  /**
   * Starts no thread yet: the workers, daemon threads, start at the first job that uses them and
   * then wait (parked, once they have spun a while) for the next job for as long as the JVM
   * runs, so share one instance rather than make one per task.
   *
   * @param name what the threads are called, {@code nn4j-<name>-1} and so on
   * @param threads the most threads that run a job, the caller included; 1 runs everything on
   *     the caller
   */
  public Workers(String name, int threads) {
    this(name, threads, Thread::new);
  }

  /** As {@link #Workers(String, int)}, the worker threads made by {@code factory}. */
  public Workers(String name, int threads, ThreadFactory factory) {
    this.name = "nn4j-" + name + "-";
    this.threads = Math.max(1, threads);
    this.factory = factory;
  }

  /**
   * Returns the number of threads the system property {@code nn4j.threads} asks for, by default
   * the available processors: what a backend's no-argument constructor uses.
   */
  public static int configuredThreads() {
    return Integer.getInteger("nn4j.threads", Runtime.getRuntime().availableProcessors());
  }

  /** Returns the most threads that run a job, the caller included. */
  public int threads() {
    return threads;
  }

  /**
   * Reserves the workers for one job; false when there is one thread, another caller has them,
   * or this thread already holds them (a loop body that calls the backend again runs that call on
   * its own thread instead of overwriting the job in progress).
   */
  public boolean tryAcquire() {
    return threads > 1 && !lock.isHeldByCurrentThread() && lock.tryLock();
  }

  /** Gives the workers back after {@link #tryAcquire()}. */
  public void release() {
    job = null;
    lock.unlock();
  }

  /**
   * Runs the job on the caller and on the workers that join it while it is open; the caller must
   * hold the workers. Returns when the caller's run has returned and every worker that joined has
   * finished; a run that threw is rethrown as it was (a checked throwable wrapped), on whichever
   * thread it ran, so the caller sees the same exception either way (when the caller's own run
   * and a worker's both throw, the caller's).
   */
  public void runAcquired(Job work) {
    start();
    failure = null;
    job = work;
    caller = Thread.currentThread();
    int g = generation + 1;
    state.set((long) g << 32);
    generation = g;
    for (Thread w : workers) {
      LockSupport.unpark(w);
    }
    try {
      work.run();
    } finally {
      // even when the caller's run throws, the workers inside must finish before the job is
      // released; the ones not yet inside will not enter
      state.getAndAdd(CLOSED);
      for (int spin = 0; (state.get() & INSIDE) != 0; spin++) {
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

  /**
   * Runs the loop on these threads, each claiming one {@link #GRAIN} after another, when it has
   * at least {@link #PARALLEL_LOOP_FROM} indices and the workers are free; else on the caller.
   */
  @Override
  public void run(int size, Range body) {
    if (size >= PARALLEL_LOOP_FROM && tryAcquire()) {
      try {
        loopJob.set(size, body);
        runAcquired(loopJob);
        return;
      } finally {
        loopJob.clear();
        release();
      }
    }
    body.run(0, size);
  }

  private void start() {
    if (workers != null) {
      return;
    }
    workers = new Thread[threads - 1];
    for (int i = 0; i < workers.length; i++) {
      Thread t = factory.newThread(this::loop);
      t.setName(name + (i + 1));
      t.setDaemon(true);
      workers[i] = t;
      t.start();
    }
  }

  private void loop() {
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
      if (!enter(g)) {
        continue;
      }
      try {
        job.run();
      } catch (Throwable t) {
        failure = t;
      }
      if (state.decrementAndGet() == ((long) g << 32 | CLOSED)) {
        LockSupport.unpark(caller);
      }
    }
  }

  /** Counts this worker in to job g if it is still open; false if it has closed or moved on. */
  private boolean enter(int g) {
    for (long s = state.get(); (int) (s >>> 32) == g && (s & CLOSED) == 0; s = state.get()) {
      if (state.compareAndSet(s, s + 1)) {
        return true;
      }
    }
    return false;
  }

  /** The loop the workers are running: each thread claims one grain after another. */
  private static final class LoopJob implements Job {
    private final AtomicInteger next = new AtomicInteger();
    private int size;
    private Range body;

    void set(int size, Range body) {
      this.size = size;
      this.body = body;
      next.set(0);
    }

    void clear() {
      body = null;
    }

    @Override
    public void run() {
      int grains = ParallelLoop.grains(size);
      for (int g = next.getAndIncrement(); g < grains; g = next.getAndIncrement()) {
        int from = g * GRAIN;
        body.run(from, (int) Math.min(size, (long) from + GRAIN));
      }
    }
  }
}
