package dev.nn4j.api;

/** The parameters type of a plugin that takes no parameters (for example {@code sigmoid}). */
public record NoParameters() {

  /** The only value anyone needs. */
  public static final NoParameters INSTANCE = new NoParameters();
}
