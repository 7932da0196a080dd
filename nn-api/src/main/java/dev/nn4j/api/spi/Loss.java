package dev.nn4j.api.spi;

import dev.nn4j.api.Matrix;

/**
 * A cost C(s, y) between a batch of predictions s and targets y, averaged over the samples
 * (rows) of the batch.
 *
 * <p>Contract: predictions and targets have the same shape (the caller guarantees it); neither is
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
}
