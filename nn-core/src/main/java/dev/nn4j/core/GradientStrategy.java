package dev.nn4j.core;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import java.util.List;

/**
 * How one training step's gradients are computed: by {@link Backpropagation} on this machine, or
 * by data-parallel workers that each take a share of the batch. The {@link Trainer}'s loop asks a
 * strategy for each batch's loss and gradients, then hands the parameters to its {@link Updater}.
 *
 * <p>Thread-safety: one instance belongs to one training run, used from its thread.
 */
public interface GradientStrategy {

  /**
   * Returns the network's parameters with the gradient buffers {@link #compute} fills; the value
   * arrays are the network's own, so an optimizer stepping on them trains the network.
   */
  List<Parameter> parameters();

  /**
   * Computes ∂C/∂(every parameter) on one batch into the gradients of {@link #parameters()}.
   *
   * @param x inputs, one sample per row
   * @param y targets, same rows
   * @param step the 0-based number of the step (dropout masks depend on it)
   * @return the loss C on the batch, before any update
   */
  double compute(Matrix x, Matrix y, long step);

  /**
   * Makes a strategy for a network.
   */
  @FunctionalInterface
  interface Factory {

    /**
     * Makes the strategy of one training run.
     *
     * @param network the network being trained
     * @param loss the cost C
     * @param capacity the largest batch a step will see
     * @param seed the training seed (dropout)
     * @return the strategy
     */
    GradientStrategy create(Network network, dev.nn4j.api.spi.Loss loss, int capacity, long seed);
  }
}
