package dev.nn4j.core.config;

import dev.nn4j.api.ConfigException;
import java.util.List;
import java.util.Map;

/**
 * One value of a parsed configuration document with where it stands: its key path (such as
 * {@code layers[1].activation}) and its line and column, so that every error can point at it.
 *
 * @param kind map, list or scalar
 * @param source the file name, for messages
 * @param path the key path from the document root; empty for the root
 * @param line 1-based line
 * @param column 1-based column
 * @param fields the entries of a map, in document order; empty otherwise
 * @param items the elements of a list; empty otherwise
 * @param value a scalar's value (String, Number, Boolean or null); null otherwise
 */
record Node(Kind kind, String source, String path, int line, int column, Map<String, Node> fields,
    List<Node> items, Object value) {

  /** What a node holds. */
  enum Kind {
    MAP("a map of keys"), LIST("a list"), SCALAR("a single value");

    final String description;

    Kind(String description) {
      this.description = description;
    }
  }

  /** Returns an error pointing at this node. */
  ConfigException error(String problem) {
    return new ConfigException(source, line, column, path, problem, null);
  }

  /** Returns the path of a child key. */
  String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Whether this is a scalar null ({@code ~}, {@code null} or an empty value). */
  boolean isNull() {
    return kind == Kind.SCALAR && value == null;
  }

  /** Returns this node if it is of the kind, else an error saying what was expected. */
  Node require(Kind expected) {
    if (kind != expected) {
      throw error("expected " + expected.description + " but found " + describe());
    }
    return this;
  }

  /** Describes the value for messages: its kind, or a scalar's text. */
  String describe() {
    return kind == Kind.SCALAR ? (value == null ? "nothing" : "'" + value + "'")
        : kind.description;
  }
}
