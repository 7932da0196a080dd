package dev.nn4j.onnx;

import dev.nn4j.api.NnException;

/**
 * A model that cannot be written as ONNX: a layer or activation with no ONNX operator (the
 * message names it and lists what can be exported), or a file that cannot be written.
 */
public final class OnnxExportException extends NnException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what cannot be exported, and why
   */
  public OnnxExportException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what failed
   * @param cause the underlying error
   */
  public OnnxExportException(String message, Throwable cause) {
    super(message, cause);
  }
}
