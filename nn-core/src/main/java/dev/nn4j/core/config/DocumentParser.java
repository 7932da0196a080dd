package dev.nn4j.core.config;

import dev.nn4j.api.ConfigException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Parses a YAML or JSON document into {@link Node}s that remember their line, column and path.
 * Works on Jackson's token stream, so no Jackson type machinery is ever involved, and rejects
 * what a tree would silently lose: duplicate keys.
 *
 * <p>Thread-safety: immutable; the mappers are thread-safe.
 */
final class DocumentParser {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private DocumentParser() {}

  /**
   * Parses a document.
   *
   * @param text the document
   * @param source its file name; a name ending in {@code .json} is read as JSON, anything else
   *     as YAML
   * @return the root node
   * @throws ConfigException for a syntax error or a duplicate key, with its line and column
   */
  static Node parse(String text, String source) {
    return parse(text, source, ConfigLimits.DEFAULTS);
  }

  /**
   * Parses a document within limits.
   *
   * @param text the document
   * @param source its file name; {@code .json} is read as JSON, anything else as YAML
   * @param limits the document size, nesting depth, string and number lengths allowed
   * @return the root node
   * @throws ConfigException for a syntax error, a duplicate key, a YAML alias or merge key, or a
   *     limit exceeded, with its line and column
   */
  static Node parse(String text, String source, ConfigLimits limits) {
    boolean json = source.toLowerCase(Locale.ROOT).endsWith(".json");
    if (text.length() > limits.maxDocumentChars()) {
      throw new ConfigException(source, 0, 0, "", "the document has " + text.length()
          + " characters, more than the limit of " + limits.maxDocumentChars()
          + " (nn4j.config.maxDocumentChars)", null);
    }
    StreamReadConstraints constraints = StreamReadConstraints.builder()
        .maxDocumentLength(limits.maxDocumentChars())
        .maxNestingDepth(limits.maxDepth())
        .maxStringLength(limits.maxStringLength())
        .maxNameLength(Math.min(limits.maxStringLength(), 10_000))
        .maxNumberLength(limits.maxNumberLength())
        .build();
    ObjectMapper mapper = json
        ? JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build())
            .build()
        : YAMLMapper.builder(YAMLFactory.builder().streamReadConstraints(constraints).build())
            .build();
    JsonParser parser = mapper.createParser(text);
    try (parser) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new ConfigException(source, 1, 1, "", "the document is empty", null);
      }
      Node root = read(parser, source, "");
      if (parser.nextToken() != null) {
        TokenStreamLocation more = parser.currentTokenLocation();
        throw new ConfigException(source, more.getLineNr(), more.getColumnNr(), "",
            json ? "more content after the end of the JSON document; a config is one document"
                : "a second YAML document (after ---); a config is one document", null);
      }
      return root;
    } catch (JacksonException e) {
      TokenStreamLocation at = e.getLocation() != null ? e.getLocation()
          : parser.currentLocation();
      String problem = e.getOriginalMessage();
      if (e instanceof StreamConstraintsException) {
        problem = problem.replaceAll(", from `StreamReadConstraints.*`", "")
            + "; the limits are set by the nn4j.config.* system properties";
      }
      throw new ConfigException(source, at == null ? 0 : at.getLineNr(),
          at == null ? 0 : at.getColumnNr(), "", "not valid " + (json ? "JSON" : "YAML")
              + ": " + problem, e);
    }
  }

  private static Node read(JsonParser parser, String source, String path) {
    TokenStreamLocation at = parser.currentTokenLocation();
    int line = at.getLineNr();
    int column = at.getColumnNr();
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT: {
        Map<String, Node> fields = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
          String key = parser.currentName();
          TokenStreamLocation keyAt = parser.currentTokenLocation();
          String childPath = path.isEmpty() ? key : path + "." + key;
          requireNoNul(key, source, keyAt.getLineNr(), keyAt.getColumnNr(), childPath, "key");
          if (key.equals("<<") && parser instanceof YAMLParser) {
            throw new ConfigException(source, keyAt.getLineNr(), keyAt.getColumnNr(), childPath,
                "YAML merge keys (<<) are not supported; write the keys out", null);
          }
          parser.nextToken();
          Node child = read(parser, source, childPath);
          if (fields.putIfAbsent(key, child) != null) {
            Node first = fields.get(key);
            throw new ConfigException(source, keyAt.getLineNr(), keyAt.getColumnNr(), childPath,
                "duplicate key '" + key + "' (first given on line " + first.line() + ")", null);
          }
        }
        return new Node(Node.Kind.MAP, source, path, line, column,
            Collections.unmodifiableMap(fields), List.of(), null);
      }
      case START_ARRAY: {
        List<Node> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(parser, source, path + "[" + items.size() + "]"));
        }
        return new Node(Node.Kind.LIST, source, path, line, column, Map.of(),
            Collections.unmodifiableList(items), null);
      }
      case VALUE_STRING:
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
          throw new ConfigException(source, line, column, path, "YAML aliases (*"
              + parser.getString() + ") are not supported; write the value out", null);
        }
        requireNoNul(parser.getString(), source, line, column, path, "value");
        return scalar(source, path, line, column, parser.getString());
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return scalar(source, path, line, column, parser.getNumberValue());
      case VALUE_TRUE:
        return scalar(source, path, line, column, Boolean.TRUE);
      case VALUE_FALSE:
        return scalar(source, path, line, column, Boolean.FALSE);
      case VALUE_NULL:
        return scalar(source, path, line, column, null);
      default:
        throw new ConfigException(source, line, column, path,
            "unsupported value (" + token + ")", null);
    }
  }

  /** A NUL character is no part of any name, path or text a config may hold. */
  private static void requireNoNul(String text, String source, int line, int column, String path,
      String what) {
    if (text.indexOf('\0') >= 0) {
      throw new ConfigException(source, line, column, path, "the " + what + " holds a NUL "
          + "character (\\0 or \\x00), which no key, name, path or text may hold", null);
    }
  }

  private static Node scalar(String source, String path, int line, int column, Object value) {
    return new Node(Node.Kind.SCALAR, source, path, line, column, Map.of(), List.of(), value);
  }

  /** Returns a node's value as plain Java maps, lists and scalars, for binding to a record. */
  static Object plain(Node node) {
    switch (node.kind()) {
      case MAP: {
        Map<String, Object> map = new LinkedHashMap<>();
        node.fields().forEach((k, v) -> map.put(k, plain(v)));
        return map;
      }
      case LIST:
        return node.items().stream().map(DocumentParser::plain).toList();
      default:
        return node.value();
    }
  }

  /** The JSON mapper that writes configs ({@link ConfigWriter}). */
  static ObjectMapper binder() {
    return JSON;
  }
}
