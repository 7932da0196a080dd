package dev.nn4j.core.model;

import dev.nn4j.api.NnException;

/** A model file that cannot be read or written: its path and what is wrong with it. */
public final class ModelFileException extends NnException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param file the model file
   * @param problem what is wrong
   * @param cause the underlying failure, may be null
   */
  public ModelFileException(String file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}
