package dev.nn4j.api;

import java.util.Optional;

/**
 * A configuration (YAML, JSON or a model file's config) is wrong. Carries where: the source
 * (usually a file name), the line and column, and the path of the bad key such as
 * {@code layers[1].activation}; the message says what would have been valid.
 */
public final class ConfigException extends NnException {

  private final String source;
  private final int line;
  private final int column;
  private final String path;
  private final String problem;

  /**
   * @param source file name or other description of the input, may be null
   * @param line 1-based line, or 0 if unknown
   * @param column 1-based column, or 0 if unknown
   * @param path path of the bad key, e.g. {@code layers[1].activation}, or empty for the document
   * @param problem what is wrong and what would be valid
   * @param cause the underlying parser failure, may be null
   */
  public ConfigException(
      String source, int line, int column, String path, String problem, Throwable cause) {
    super(format(source, line, column, path, problem), cause);
    this.source = source;
    this.line = line;
    this.column = column;
    this.path = path == null ? "" : path;
    this.problem = problem;
  }

  private static String format(String source, int line, int column, String path, String problem) {
    StringBuilder sb = new StringBuilder(source == null ? "<config>" : source);
    if (line > 0) {
      sb.append(':').append(line);
      if (column > 0) {
        sb.append(':').append(column);
      }
    }
    sb.append(": ");
    if (path != null && !path.isEmpty()) {
      sb.append(path).append(": ");
    }
    return sb.append(problem).toString();
  }

  /** Returns the source, usually a file name. */
  public Optional<String> source() {
    return Optional.ofNullable(source);
  }

  /** Returns the 1-based line, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** Returns the 1-based column, or 0 when unknown. */
  public int column() {
    return column;
  }

  /** Returns the path of the bad key, e.g. {@code layers[1].activation}; empty for the root. */
  public String path() {
    return path;
  }

  /** Returns the problem alone, without the location prefix. */
  public String problem() {
    return problem;
  }
}
