package dev.nn4j.cli;

import java.io.PrintWriter;
import java.io.Writer;
import picocli.CommandLine.Option;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code --json} and {@code --quiet}, shared by the commands that have them: with {@code --json}
 * the standard output holds one JSON document, the command's result, and nothing else; with
 * {@code --quiet} there is no progress and no informational line, only errors (and, with {@code
 * --json}, the document). docs/cli.md documents each command's document; fields may be added in
 * later versions, never renamed or removed.
 *
 * <p>Thread-safety: one instance per command line.
 */
final class OutputOptions {

  @Option(names = "--json", description = "Print the result as one JSON document on the "
      + "standard output and nothing else there (see docs/cli.md for its fields).")
  boolean json;

  @Option(names = "--quiet", description = "No progress and no informational lines: only "
      + "errors (and the JSON document with --json).")
  boolean quiet;

  /** Whether human-readable lines go to the standard output. */
  boolean text() {
    return !json && !quiet;
  }

  /** A writer that drops everything, for the lines nobody asked for. */
  static PrintWriter nowhere() {
    return new PrintWriter(Writer.nullWriter());
  }

  /**
   * The mapper of every JSON document the CLI prints: indented, every character outside ASCII
   * escaped (so that no text from a file can reach a terminal as a control sequence), and never
   * closing the writer it writes to.
   */
  static JsonMapper mapper() {
    return JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
        .enable(JsonWriteFeature.ESCAPE_NON_ASCII).disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
        .build();
  }

  /**
   * Writes a result as indented JSON, then a line break.
   *
   * @param out the standard output
   * @param result maps, lists, strings, numbers and booleans
   */
  static void print(PrintWriter out, Object result) {
    try {
      out.println(mapper().writeValueAsString(result));
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot write the result as JSON", e);
    }
    out.flush();
  }
}
