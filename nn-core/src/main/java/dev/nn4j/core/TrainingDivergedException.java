package dev.nn4j.core;

import dev.nn4j.api.NnException;

/**
 * Training stopped because the loss, a gradient, a parameter or a state buffer became NaN or
 * infinite. Nothing is written after it: the last checkpoint and model file are what they were.
 */
public final class TrainingDivergedException extends NnException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param epoch the 1-based epoch
   * @param step the 0-based optimizer step
   * @param where what became non-finite: the loss, a parameter's gradient such as {@code the
   *     gradient of layers[1].weights}, or a parameter or buffer such as {@code
   *     layers[0].running_var}
   */
  public TrainingDivergedException(int epoch, long step, String where) {
    super("training diverged at epoch " + epoch + ", step " + step + ": " + where
        + " is NaN or infinite; lower the learning rate, clip the gradients (training.clipNorm),"
        + " or scale the features");
  }
}
