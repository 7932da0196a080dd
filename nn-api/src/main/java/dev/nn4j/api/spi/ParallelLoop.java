package dev.nn4j.api.spi;

/**
 * A loop over the indices {@code [0, size)} run in ranges, possibly on several threads at once:
 * how a {@link Backend} lends its threads to element-wise work, such as an {@link Optimizer}'s
 * update, that would otherwise run on the training thread alone.
 *
 * <p>Contract of {@link #run}: the body is called on disjoint ranges that together cover {@code
 * [0, size)} once; every range starts at a multiple of {@link #GRAIN}, so a body can keep one
 * partial result per grain and combine them in index order, whatever the split; the call returns
 * when every range has run, their writes visible to the caller; if a range throws, the call
 * throws that exception once no range is running any more (ranges not yet started may be
 * skipped). A body must therefore only touch its own range (and read what no other range
 * writes).
 *
 * <p>Thread-safety: an implementation may be called from several threads, and from inside its
 * own body; one that owns worker threads runs such a call (concurrent or nested) on its caller
 * alone.
 */
@FunctionalInterface
public interface ParallelLoop {

  /** Ranges start at multiples of this many indices (64 KiB of floats). */
  int GRAIN = 1 << 14;

  /**
   * Returns how many grains cover {@code [0, size)}: the ranges a loop may hand out, and the
   * partial results a body that keeps one per grain needs (safe up to {@code Integer.MAX_VALUE}).
   *
   * @param size number of indices, ≥ 0
   * @return ⌈size / {@link #GRAIN}⌉
   */
  static int grains(int size) {
    return (int) ((size + (long) GRAIN - 1) / GRAIN);
  }

  /** Runs the whole range on the calling thread. */
  ParallelLoop SERIAL = (size, body) -> body.run(0, size);

  /**
   * Runs {@code body} over {@code [0, size)}.
   *
   * @param size number of indices, ≥ 0
   * @param body the work on one range
   */
  void run(int size, Range body);

  /** The work on one range of indices. */
  @FunctionalInterface
  interface Range {

    /**
     * Does the work for the indices {@code [from, to)}.
     *
     * @param from first index, a multiple of {@link #GRAIN}
     * @param to one past the last index
     */
    void run(int from, int to);
  }
}
