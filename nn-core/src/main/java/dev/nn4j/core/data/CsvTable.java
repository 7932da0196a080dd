package dev.nn4j.core.data;

import dev.nn4j.api.ConfigException;
import dev.nn4j.core.internal.Utf8Check;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.dataformat.csv.CsvFactory;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * The rows of a delimited text file, through Jackson's CSV parser (RFC 4180: quoted cells may
 * hold the delimiter, line ends and doubled quotes; LF or CRLF line ends; a UTF-8 byte order mark
 * is skipped). Cells are trimmed; blank lines are skipped. A row longer than {@link
 * DataLimits#maxLineChars()} characters is refused as soon as it is seen, so one huge line is
 * never held in memory.
 *
 * <p>Errors name the file and line, never the text of a cell: the file may be named by a
 * downloaded configuration.
 *
 * <p>Thread-safety: one instance per thread; close it.
 */
final class CsvTable implements AutoCloseable {

  private final Path file;
  /** Whether {@link #file} is the file read (else only the name of a stream, for errors). */
  private final boolean isFile;
  private final int maxChars;
  private final JsonParser parser;
  private int line;

  /**
   * Opens a file, gzip-compressed or not.
   *
   * @param file the file
   * @param delimiter the column separator
   * @param maxChars the longest row, in characters
   * @throws ConfigException if it cannot be opened
   */
  CsvTable(Path file, char delimiter, int maxChars) {
    this(file, null, delimiter, maxChars);
  }

  /**
   * Opens a stream, gzip-compressed or not; closing the table closes it.
   *
   * @param name what errors call it, such as {@code stdin}
   * @param stream the stream, or null to open the file {@code name}
   * @param delimiter the column separator
   * @param maxChars the longest row, in characters
   * @throws ConfigException if it cannot be opened
   */
  CsvTable(Path name, InputStream stream, char delimiter, int maxChars) {
    this.file = name;
    this.isFile = stream == null;
    this.maxChars = maxChars;
    CsvFactory factory = CsvFactory.builder()
        .enable(CsvReadFeature.WRAP_AS_ARRAY)
        .enable(CsvReadFeature.SKIP_EMPTY_LINES)
        .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxChars).build())
        .build();
    CsvMapper mapper = CsvMapper.builder(factory).build();
    try {
      Reader in = withoutBom(new InputStreamReader(stream == null ? Inputs.open(file)
          : Inputs.open(stream), StandardCharsets.UTF_8
          .newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)));
      this.parser = mapper.reader().with(CsvSchema.emptySchema().withColumnSeparator(delimiter)
          .withoutEscapeChar()).createParser(in);
      parser.nextToken(); // the array that wraps the rows; null for an empty file
    } catch (IOException e) {
      throw cannotRead(file, isFile, e);
    } catch (JacksonException e) {
      if (e.getCause() instanceof IOException io) {
        throw cannotRead(file, isFile, io);
      }
      throw malformed(file, e, 1);
    }
  }

  private static Reader withoutBom(Reader in) throws IOException {
    PushbackReader pushback = new PushbackReader(in, 1);
    int first = pushback.read();
    if (first >= 0 && first != '\uFEFF') {
      pushback.unread(first);
    }
    return pushback;
  }

  /**
   * Returns the next row's trimmed cells, or null at the end; {@link #line()} is then its first
   * line.
   *
   * @throws ConfigException for malformed CSV (an unclosed quote), a row over the length limit or
   *     a read error
   */
  List<String> next() {
    List<String> cells = new ArrayList<>();
    boolean inRow = false;
    long start = -1;
    try {
      while (true) {
        JsonToken token = parser.nextToken();
        if (token == null || token == JsonToken.END_ARRAY && !inRow) {
          return null;
        }
        if (token == JsonToken.START_ARRAY) {
          inRow = true;
          continue;
        }
        if (token == JsonToken.END_ARRAY) {
          if (cells.size() == 1 && cells.get(0).isEmpty()) {
            cells.clear(); // a line of blanks
            inRow = false;
            start = -1;
            continue;
          }
          return cells;
        }
        TokenStreamLocation at = parser.currentTokenLocation();
        if (start < 0) {
          start = at.getCharOffset();
          line = at.getLineNr();
        }
        String cell = parser.getString();
        if (at.getCharOffset() + cell.length() - start > maxChars) {
          throw tooLong(line);
        }
        cells.add(cell.strip());
      }
    } catch (StreamConstraintsException e) {
      throw tooLong(Math.max(1, parser.currentLocation().getLineNr()));
    } catch (JacksonException e) {
      if (e.getCause() instanceof IOException io) {
        throw cannotRead(file, isFile, io);
      }
      throw malformed(file, e, parser.currentLocation().getLineNr());
    }
  }

  /** The first line of the row {@link #next()} returned last, 1-based. */
  int line() {
    return line;
  }

  private ConfigException tooLong(int at) {
    return new ConfigException(file.toString(), at, 0, "", "the line is longer than " + maxChars
        + " characters; " + DataLimits.raise("maxLineChars", maxChars), null);
  }

  /** Jackson's own text may quote the input, so only its location is kept. */
  private static ConfigException malformed(Path file, JacksonException e, int fallbackLine) {
    int at = e.getLocation() == null ? fallbackLine : e.getLocation().getLineNr();
    return new ConfigException(file.toString(), Math.max(at, 0), 0, "", "malformed CSV: "
        + (String.valueOf(e.getOriginalMessage()).contains("quote")
            ? "a quoted cell is not closed (a '\"' is missing)" : "the parser cannot read it"),
        null);
  }

  /**
   * A file that cannot be read: missing, a folder, not UTF-8 (then where, if the file can be
   * read again), or an input/output error.
   */
  private static ConfigException cannotRead(Path file, boolean isFile, IOException e) {
    String where = file.toString();
    if (!isFile) {
      return new ConfigException(where, 0, 0, "", e instanceof CharacterCodingException
          ? "not UTF-8 text; save it as UTF-8" : "cannot read the data: " + (e.getMessage()
              == null ? "input/output error" : e.getMessage()), null);
    }
    if (e instanceof NoSuchFileException) {
      return new ConfigException(where, 0, 0, "", "no such file", null);
    }
    if (Files.isDirectory(file)) {
      return new ConfigException(where, 0, 0, "", "is a folder; name a CSV file", null);
    }
    if (e instanceof AccessDeniedException) {
      return new ConfigException(where, 0, 0, "", "permission denied", null);
    }
    if (e instanceof CharacterCodingException) {
      Utf8Check.Malformed at = null;
      if (Files.isRegularFile(file)) {
        try (InputStream in = Inputs.open(file)) {
          at = Utf8Check.find(in);
        } catch (IOException again) {
          // said without the place
        }
      }
      return new ConfigException(where, at == null ? 0 : at.line(), 0, "", at != null
          ? at.describe() : "not UTF-8 text; save it as UTF-8", null);
    }
    return new ConfigException(where, 0, 0, "", "cannot read the data: "
        + (e.getMessage() == null ? "input/output error" : e.getMessage()), e);
  }

  @Override
  public void close() {
    parser.close();
  }
}
