package dev.nn4j.api.spi;

import dev.nn4j.api.NnException;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Up to a fixed number of daemon threads that run one job at a time with the calling thread,
 * handing work over through a volatile generation counter and park/unpark, so a parallel job
 * allocates nothing: the threads a {@link Backend} lends to its products and, as the {@link
 * ParallelLoop} it returns from {@link Backend#parallelLoop()}, to element-wise work. Both backends
 * that come with nn4j use it; a third-party backend may too. A caller that finds the workers busy
 * (another thread's job) runs alone.
 *
 * <p>A job splits its work itself, each thread claiming pieces until none is left, and a worker
 * joins a job only while the caller is still in it: once the caller has run out of pieces it
 * closes the job and waits only for the workers inside. A worker that arrives later (its core was
 * busy with another process) skips the job instead of holding the caller until it is scheduled
 * (see BENCHMARKS.md).
 *
 * <p>Workers that <em>adapt</em> ({@link #configured(String)} without {@value #THREADS_PROPERTY},
 * or {@link #Workers(String, int, ThreadFactory, boolean)}) leave the work to the caller alone
 * while the workers do not pay (a core busy with another process, on which a worker is preempted
 * in the middle of a job and holds the caller until it runs again). They time the stream of
 * jobs: a window of 256 calls to {@link #tryAcquire()} spans the same work whichever threads ran
 * the jobs, so every few windows (4, doubling up to 64 while the other mode keeps losing; sooner
 * when a window slows by a quarter) one window runs in the other mode, parallel or alone, and if
 * it took at least a sixteenth less time than the windows on either side of it, that mode runs
 * the next ones. While alone, {@link #tryAcquire()} returns false, so the caller takes its own
 * serial path and the workers park. Timing costs one clock read per job and allocates nothing; it
 * changes which threads run a job, never a result. Workers with a fixed count (a count given to a
 * constructor, or {@value #THREADS_PROPERTY} set) always hand work over.
 *
 * <p>The threads start with the first job that needs them, spin a while after each job, then
 * park, and end after {@value #IDLE_SECONDS} s without a job; the next job starts them again. So
 * an instance no longer used costs no thread for long, and can be collected.
 *
 * <p>Thread-safety: safe for concurrent use. The adaptation's state is read and written only by
 * the thread that holds the workers ({@link #tryAcquire()} to {@link #release()}), so concurrent
 * callers share one judgement of whether the workers pay.
 */
public final class Workers implements ParallelLoop, AutoCloseable {

  /**
   * One job: run by the caller and by every worker that joins it, each claiming pieces of the
   * work until none is left (any number of threads, one included, must complete it).
   */
  @FunctionalInterface
  public interface Job {

    /** Claims and does pieces of the work until none is left. */
    void run();
  }

  /**
   * Products of fewer multiply-adds than this are best left on the calling thread: handing them
   * over costs more than the workers save (the threshold both built-in backends use).
   */
  public static final long PARALLEL_PRODUCT_FROM = 1L << 21;

  /** Loops over fewer indices than this run on the calling thread. */
  public static final int PARALLEL_LOOP_FROM = 2 * GRAIN;

  /** The system property that sets {@link #configuredThreads()}. */
  public static final String THREADS_PROPERTY = "nn4j.threads";

  /** How long a worker waits for a job before its thread ends. */
  public static final int IDLE_SECONDS = 60;

  private static final int SPINS = 20_000;

  /** {@link #state}: the job's generation in the high 32 bits, then this flag, then a count. */
  private static final long CLOSED = 1L << 31;
  private static final long INSIDE = CLOSED - 1;

  private final String name;
  private final ThreadFactory factory;
  private final long idleNanos;
  /** The clock the adaptation reads. */
  private final LongSupplier clock;
  /** Whether the workers pay; null when they do not adapt. Guarded by {@link #lock}. */
  private final Payoff payoff;
  /** One slot per worker; a slot's thread may have ended, see {@link #start()}. */
  private final Thread[] workers;
  /** How many worker threads have started and not yet decided to end. */
  private final AtomicInteger running = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  /** The current job's generation, whether it is closed, and how many workers are inside it. */
  private final AtomicLong state = new AtomicLong();
  private final LoopJob loopJob = new LoopJob();
  private volatile int generation;
  private volatile Job job;
  private volatile Thread caller;
  private volatile Throwable failure;
  /** Set once by {@link #close()}: no thread starts again, and the running ones end. */
  private volatile boolean closed;
  /** Whether the holder is inside {@link #runAcquired}; read and written by the holder only. */
  private boolean inJob;

  /**
   * A fixed count of threads that does not adapt; starts no thread yet (see the class comment).
   *
   * @param name what the threads are called: {@code nn4j-<name>-1} and so on
   * @param threads the most threads that run a job, the caller included, at least 1; 1 runs
   *     everything on the caller
   * @throws IllegalArgumentException if threads is below 1
   */
  public Workers(String name, int threads) {
    this(name, threads, Thread::new);
  }

  /**
   * As {@link #Workers(String, int)}, the worker threads made by {@code factory}; each is named
   * {@code nn4j-<name>-i} and made a daemon before it starts.
   */
  public Workers(String name, int threads, ThreadFactory factory) {
    this(name, threads, factory, false);
  }

  /**
   * As {@link #Workers(String, int, ThreadFactory)}, adapting when {@code adapt} is true: up to
   * {@code threads} threads, fewer while they do not pay (see the class comment).
   */
  public Workers(String name, int threads, ThreadFactory factory, boolean adapt) {
    this(name, threads, factory, IDLE_SECONDS * 1_000_000_000L, adapt, System::nanoTime);
  }

  /** For tests: the threads end after {@code idleNanos} without a job. */
  Workers(String name, int threads, ThreadFactory factory, long idleNanos) {
    this(name, threads, factory, idleNanos, false, System::nanoTime);
  }

  /**
   * For tests: the threads end after {@code idleNanos} without a job, and the adaptation reads
   * {@code clock} (ns) instead of {@link System#nanoTime()}.
   */
  Workers(String name, int threads, ThreadFactory factory, long idleNanos, boolean adapt,
      LongSupplier clock) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    if (idleNanos < 0) {
      throw new IllegalArgumentException("idleNanos must be at least 0, was " + idleNanos);
    }
    this.name = "nn4j-" + Objects.requireNonNull(name, "name") + "-";
    this.factory = Objects.requireNonNull(factory, "factory");
    this.idleNanos = idleNanos;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.payoff = adapt && threads > 1 ? new Payoff() : null;
    this.workers = new Thread[threads - 1];
  }

  /**
   * The workers a backend's no-argument constructor uses: as many threads as {@value
   * #THREADS_PROPERTY} says, fixed, when it is set (so a user who asks for a count gets it);
   * otherwise the available processors, adapting (see the class comment).
   *
   * @param name what the threads are called: {@code nn4j-<name>-1} and so on
   * @throws NnException if the property is set to anything but a whole number of at least 1
   */
  public static Workers configured(String name) {
    int threads = configuredThreads();
    return new Workers(name, threads, Thread::new, System.getProperty(THREADS_PROPERTY) == null);
  }

  /**
   * Returns the number of threads the system property {@value #THREADS_PROPERTY} asks for, by
   * default the available processors: the count {@link #configured(String)} uses.
   *
   * @throws NnException if the property is set to anything but a whole number of at least 1
   */
  public static int configuredThreads() {
    String value = System.getProperty(THREADS_PROPERTY);
    if (value == null) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int threads = Integer.parseInt(value.strip());
      if (threads >= 1) {
        return threads;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new NnException("the system property " + THREADS_PROPERTY
        + " must be a whole number of at least 1 (threads, the caller included), was '" + value
        + "'");
  }

  /** Returns the most threads that run a job, the caller included. */
  public int threads() {
    return workers.length + 1;
  }

  /** Returns whether these workers adapt: run jobs on the caller alone while they do not pay. */
  public boolean adapts() {
    return payoff != null;
  }

  /**
   * Reserves the workers for one job; false when there is one thread, another caller has them,
   * this thread already holds them (a loop body that calls the backend again runs that call on
   * its own thread instead of overwriting the job in progress), or they adapt and do not pay
   * now: in each case the caller does the work alone.
   */
  public boolean tryAcquire() {
    if (workers.length == 0 || closed || lock.isHeldByCurrentThread() || !lock.tryLock()) {
      return false;
    }
    if (payoff != null && payoff.alone(clock.getAsLong())) {
      lock.unlock();
      return false;
    }
    return true;
  }

  /**
   * Ends the worker threads and returns when they have ended, after the job in progress, if
   * any; later jobs run on their callers alone. Idempotent. For a host that owns the threads'
   * lifetime: a closed instance stays usable, one thread at a time.
   *
   * @throws IllegalStateException if called from inside one of these workers' jobs
   */
  @Override
  public void close() {
    if (lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("close() called while this thread holds the workers");
    }
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }
    boolean interrupted = false;
    for (Thread w : workers) {
      if (w == null) {
        continue;
      }
      LockSupport.unpark(w);
      while (w.isAlive()) {
        try {
          w.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Gives the workers back after {@link #tryAcquire()}.
   *
   * @throws IllegalStateException if this thread does not hold them
   */
  public void release() {
    checkHeld();
    job = null;
    caller = null;
    failure = null;
    lock.unlock();
  }

  /** Throws unless this thread holds the workers and is not inside one of their jobs. */
  private void checkHeld() {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("this thread does not hold the workers: tryAcquire() first");
    }
    if (inJob) {
      throw new IllegalStateException("called from inside a job of these workers");
    }
  }

  /**
   * Runs the job on the caller and on the workers that join it while it is open; the caller must
   * hold the workers. Returns when the caller's run has returned and every worker that joined has
   * finished; a run that threw is rethrown as it was (a checked throwable wrapped), on whichever
   * thread it ran, so the caller sees the same exception either way (when the caller's own run
   * and a worker's both throw, the caller's).
   *
   * @throws IllegalStateException if this thread does not hold the workers, or is running one of
   *     their jobs
   */
  public void runAcquired(Job work) {
    checkHeld();
    inJob = true;
    try {
      runJob(work);
    } finally {
      inJob = false;
    }
  }

  private void runJob(Job work) {
    start();
    failure = null;
    job = work;
    caller = Thread.currentThread();
    int g = generation + 1;
    state.set((long) g << 32);
    generation = g;
    for (Thread w : workers) {
      LockSupport.unpark(w); // null (never started) is ignored
    }
    try {
      work.run();
    } finally {
      // even when the caller's run throws, the workers inside must finish before the job is
      // released; the ones not yet inside will not enter
      state.getAndAdd(CLOSED);
      for (int spin = 0; (state.get() & INSIDE) != 0; ) {
        if (spin < SPINS) {
          spin++;
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

  /**
   * Starts the workers that are not running: all of them at the first job, those that have ended
   * for lack of work later. One that has decided to end but is still alive is left for the next
   * job to replace; until then the job runs without it, as it does without a thread the factory
   * declined to make (null) or failed to make or start (the next job tries again).
   */
  private void start() {
    if (running.get() == workers.length) {
      return;
    }
    for (int i = 0; i < workers.length; i++) {
      if (workers[i] == null || !workers[i].isAlive()) {
        try {
          Thread t = factory.newThread(this::loop);
          if (t == null) {
            continue;
          }
          t.setName(name + (i + 1));
          t.setDaemon(true);
          t.start();
          workers[i] = t;
          running.incrementAndGet();
        } catch (RuntimeException | OutOfMemoryError e) {
          // no thread now (OutOfMemoryError: "unable to create native thread"): the job runs
          // with the threads there are
        }
      }
    }
  }

  private void loop() {
    int seen = 0;
    while (true) {
      int g;
      long deadline = 0;
      for (int spin = 0; (g = generation) == seen; ) {
        if (closed) {
          running.decrementAndGet();
          return;
        }
        if (spin < SPINS) {
          spin++;
          Thread.onSpinWait();
          continue;
        }
        long now = System.nanoTime();
        if (spin == SPINS) {
          spin++;
          deadline = now + idleNanos;
        } else if (now - deadline >= 0) {
          running.decrementAndGet();
          return;
        }
        Thread.interrupted(); // a job that left this thread interrupted would make park return
        LockSupport.parkNanos(this, deadline - now);
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
