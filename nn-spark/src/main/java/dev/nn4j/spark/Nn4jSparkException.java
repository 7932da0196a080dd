package dev.nn4j.spark;

import dev.nn4j.api.NnException;

/**
 * A mistake in using nn4j on Spark: a wrong column name or type, bad labels, or a plugin that the
 * executors lack. The message says what to change.
 */
public final class Nn4jSparkException extends NnException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and what to do
   */
  public Nn4jSparkException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what is wrong and what to do
   * @param cause the underlying failure
   */
  public Nn4jSparkException(String message, Throwable cause) {
    super(message, cause);
  }
}
