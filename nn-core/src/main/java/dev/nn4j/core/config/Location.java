package dev.nn4j.core.config;

import dev.nn4j.api.ConfigException;

/**
 * Where a value stands in a configuration document, so that a mistake found after reading (a
 * shape that does not fit, a cycle in a graph) is still reported with file, line, column and key
 * path.
 *
 * @param source the file name
 * @param line 1-based line, 0 if unknown
 * @param column 1-based column, 0 if unknown
 * @param path the key path, such as {@code network.layers[2]}
 */
public record Location(String source, int line, int column, String path) {

  /**
   * Returns an error at this location.
   *
   * @param problem what is wrong and what would be valid
   * @return the exception, to throw
   */
  public ConfigException error(String problem) {
    return new ConfigException(source, line, column, path, problem, null);
  }
}
