package dev.nn4j.core;

import dev.nn4j.api.OptimizerState;

/**
 * Where a {@link Trainer} stands, enough to continue exactly: shuffling and dropout masks are
 * functions of the seed and these counters, so no generator state is needed.
 *
 * @param epoch the 1-based epoch in progress, or the last finished one when batch is 0
 * @param batch batches of that epoch already done (0 when the epoch is finished)
 * @param step optimizer steps taken in all
 * @param optimizer the optimizer's state
 */
public record TrainerState(int epoch, int batch, long step, OptimizerState optimizer) {

  /** A trainer that has not started. */
  public static final TrainerState START = new TrainerState(0, 0, 0, OptimizerState.EMPTY);
}
