package dev.nn4j.api;

/** Two shapes that had to agree do not; the message gives both. */
public final class ShapeException extends NnException {

  /**
   * @param message names both shapes, e.g. {@code "targets must be 4×1 but is 4×2"}
   */
  public ShapeException(String message) {
    super(message);
  }
}
