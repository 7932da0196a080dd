package dev.nn4j.testkit;

import dev.nn4j.api.spi.ParallelLoop;

/**
 * A {@link ParallelLoop} that runs one {@linkplain ParallelLoop#GRAIN grain} at a time, last to
 * first, on the calling thread: a split that a loop on several threads may make, but
 * reproducible. Work that gives other bits under it than under {@link ParallelLoop#SERIAL}
 * depends on how the loop splits it.
 *
 * <p>Thread-safety: stateless, safe for concurrent use.
 */
public final class SplitLoop implements ParallelLoop {

  @Override
  public void run(int size, Range body) {
    for (int from = (size - 1) / GRAIN * GRAIN; from >= 0; from -= GRAIN) {
      body.run(from, size - from > GRAIN ? from + GRAIN : size);
    }
  }
}
