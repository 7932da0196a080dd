package dev.nn4j.layers;

import dev.nn4j.api.spi.ParallelLoop;

/**
 * A training pass over equal blocks of indices (a sample's channel, a plane, a sample's image) on
 * a backend's {@link ParallelLoop}: each block belongs to the range its first index falls in, so
 * every block runs once, on one thread. A layer keeps one instance, sets its operands before
 * {@link #runBlocks} and clears them after, so that a training step allocates nothing.
 *
 * <p>Thread-safety: one pass at a time per instance (a layer's training thread); the loop's
 * threads see the operands set before the call.
 */
abstract class BlockPass implements ParallelLoop.Range {
  private int size;

  /** Runs {@link #block} for blocks 0 .. blocks − 1 of {@code size} indices each. */
  final void runBlocks(ParallelLoop loop, int blocks, int size) {
    this.size = size;
    loop.run(blocks * size, this);
  }

  @Override
  public final void run(int from, int to) {
    for (int b = firstAt(from), end = firstAt(to); b < end; b++) {
      block(b);
    }
  }

  /** The first block that starts at or after {@code index}. */
  private int firstAt(int index) {
    return (int) (((long) index + size - 1) / size);
  }

  /** The work of block {@code b}. */
  abstract void block(int b);
}
