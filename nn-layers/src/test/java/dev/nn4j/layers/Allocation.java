package dev.nn4j.layers;

import java.lang.management.ManagementFactory;

/** Measures the bytes the current thread allocates while running a task (HotSpot's counter). */
final class Allocation {

  private Allocation() {}

  /** The bytes allocated by {@code task}, less what measuring an empty task costs. */
  static long of(Runnable task) {
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long overhead = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long start = bean.getCurrentThreadAllocatedBytes();
      long end = bean.getCurrentThreadAllocatedBytes();
      overhead = Math.min(overhead, end - start);
    }
    long start = bean.getCurrentThreadAllocatedBytes();
    task.run();
    long end = bean.getCurrentThreadAllocatedBytes();
    return Math.max(0, end - start - overhead);
  }
}
