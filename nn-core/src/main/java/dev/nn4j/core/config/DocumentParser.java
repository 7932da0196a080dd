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
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Parses a YAML or JSON document into {@link Node}s that remember their line, column and path.
 * Works on Jackson's token stream, so no Jackson type machinery is ever involved, and rejects
 * what a tree would silently lose: duplicate keys.
 *
 * <p>Thread-safety: immutable; the mappers are thread-safe.
 */
final class DocumentParser {

  private static final ObjectMapper YAML = YAMLMapper.builder().build();
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
    ObjectMapper mapper = source.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
    try (JsonParser parser = mapper.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new ConfigException(source, 1, 1, "", "the document is empty", null);
      }
      Node root = read(parser, source, "");
      return root;
    } catch (JacksonException e) {
      TokenStreamLocation at = e.getLocation();
      throw new ConfigException(source, at == null ? 0 : at.getLineNr(),
          at == null ? 0 : at.getColumnNr(), "", "not valid " + (mapper == JSON ? "JSON" : "YAML")
              + ": " + e.getOriginalMessage(), e);
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

  /** The mapper that binds plain values to parameter records. */
  static ObjectMapper binder() {
    return JSON;
  }
}
