package dev.nn4j.api.spi;

import dev.nn4j.api.Link;
import dev.nn4j.api.Matrix;

/**
 * A cost C(s, y) between a batch of predictions s and targets y, averaged over the samples
 * (rows) of the batch.
 *
 * <p>Contract: predictions are {@code n × outputs} and targets are {@code n ×
 * targetColumns(outputs)} (the caller guarantees it; for most losses that is the same shape);
 * neither is written. Only the first {@code rows × cols} elements of each view's array are read or
 * written. Thread-safety: a loss holds only its immutable parameters and may be used from several
 * threads at once.
 */
public interface Loss {

  /**
   * Returns C, the loss averaged over the rows of the batch.
   *
   * @param predictions the network's outputs s, read-only
   * @param targets the targets y, read-only
   * @return the mean loss; finite for finite inputs in the loss's domain
   */
  double value(Matrix predictions, Matrix targets);

  /**
   * Writes ∂C/∂s for the same C that {@link #value} returns, including the 1/batch factor of
   * the mean.
   *
   * @param predictions the network's outputs s, read-only
   * @param targets the targets y, read-only
   * @param gradient output of the predictions' shape, written completely
   */
  void gradient(Matrix predictions, Matrix targets, Matrix gradient);

  /**
   * Returns how many target columns a sample has for a network with {@code outputs} outputs: the
   * same number by default; 1 for a loss that takes a class index per sample, such as {@code
   * sparse_categorical_cross_entropy}. The trainer and the data readers shape targets by it.
   *
   * @param outputs the output layer's width, at least 1
   * @return the target columns, at least 1
   */
  default int targetColumns(int outputs) {
    return outputs;
  }

  /**
   * Returns whether this loss has a fused gradient with respect to the pre-activations z of an
   * output whose activation computes {@code link}: the stable shortcut for sigmoid with binary
   * cross-entropy or softmax with categorical cross-entropy, where ∂C/∂z = (s − y)/n.
   *
   * @param link the output activation's {@link Activation#link()}
   * @return true if {@link #fusedGradient} may be called for such an output; false by default
   */
  default boolean fusesWith(Link link) {
    return false;
  }

  /**
   * Writes ∂C/∂z for the output layer directly, replacing {@link #gradient} followed by the
   * activation's backward pass. Only called when {@link #fusesWith} returned true for the output
   * activation.
   *
   * @param predictions the activations s = f(z), read-only
   * @param targets the targets y, read-only
   * @param gradZ output ∂C/∂z, written completely
   * @throws UnsupportedOperationException if this loss fuses with nothing
   */
  default void fusedGradient(Matrix predictions, Matrix targets, Matrix gradZ) {
    throw new UnsupportedOperationException(getClass().getName() + " has no fused gradient");
  }
}
