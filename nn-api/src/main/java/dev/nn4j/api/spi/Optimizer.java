package dev.nn4j.api.spi;

import dev.nn4j.api.OptimizerState;
import dev.nn4j.api.Parameter;
import java.util.List;

/**
 * Updates parameters from their gradients, e.g. {@code w ← w − ε·∂C/∂w}, and owns whatever state
 * the rule needs (momentum, moments, a step counter).
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #step} is called with the same parameters (same names, lengths and order) every
 *       time; state is allocated on the first call, keyed by {@link Parameter#name()}.
 *   <li>Only {@link Parameter#value()} is written; gradients are read-only.
 *   <li>{@link #exportState()} followed by {@link #importState} on a fresh optimizer of the same
 *       parameters makes the next step bit-for-bit identical.
 *   <li>Thread-safety: an optimizer is stateful and not thread-safe; use one per training run.
 *       Two optimizers never share mutable state.
 * </ul>
 */
public interface Optimizer {

  /** Returns the learning rate ε configured for this optimizer. */
  double learningRate();

  /**
   * Whether {@link #step} honours {@link Parameter#rows()}: for a parameter with a row set it
   * updates only the values of those rows, and leaves every other value and its state (moments,
   * velocity) bit-for-bit unchanged, as PyTorch's {@code SparseAdam} does with the sparse
   * gradient of {@code nn.Embedding(sparse=True)}. The trainer hands row sets only to an
   * optimizer that returns true here (and only for parameters without L1/L2 penalties, which
   * make a gradient dense); a parameter without a row set is updated densely as always. False by
   * default, so an optimizer written before row sets existed never sees one.
   *
   * @return true if the optimizer updates only the rows of a parameter's row set
   */
  default boolean supportsSparseRows() {
    return false;
  }

  /**
   * Applies one update using the given learning rate (a schedule may vary it per step).
   *
   * @param parameters the parameters and their gradients
   * @param learningRate ε for this step, positive
   */
  void step(List<Parameter> parameters, double learningRate);

  /**
   * Applies one update, splitting element-wise work over {@code loop} where that pays: the
   * trainer passes its backend's {@link Backend#parallelLoop()}. The result must be the same bits
   * as {@link #step(List, double)}, whatever the split. By default it ignores the loop.
   *
   * @param parameters the parameters and their gradients
   * @param learningRate ε for this step, positive
   * @param loop runs ranges of indices, possibly on several threads
   */
  default void step(List<Parameter> parameters, double learningRate, ParallelLoop loop) {
    step(parameters, learningRate);
  }

  /**
   * Applies one update with the configured {@link #learningRate()}.
   *
   * @param parameters the parameters and their gradients
   */
  default void step(List<Parameter> parameters) {
    step(parameters, learningRate());
  }

  /** Returns a snapshot of the state; {@link OptimizerState#EMPTY} for a stateless rule. */
  OptimizerState exportState();

  /**
   * Replaces the state with a snapshot taken by {@link #exportState()} of an optimizer of the
   * same kind and parameters.
   *
   * @param state the snapshot
   * @throws IllegalArgumentException if the snapshot lacks a buffer this optimizer needs or a
   *     buffer has the wrong length
   */
  void importState(OptimizerState state);
}
