package dev.nn4j.api;

/**
 * The root of every exception nn4j throws for a problem a user can fix: a bad configuration, an
 * unknown plugin, mismatched shapes, a broken plugin jar. Its message is written for that user.
 */
public class NnException extends RuntimeException {

  /**
   * @param message what went wrong and, where possible, what would be valid
   */
  public NnException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong and, where possible, what would be valid
   * @param cause the underlying failure
   */
  public NnException(String message, Throwable cause) {
    super(message, cause);
  }
}
