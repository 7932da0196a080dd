package dev.nn4j.core.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * Finds where text that must be UTF-8 is not: the first character that is not a well-formed
 * UTF-8 sequence (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), reported
 * by its first byte and its 1-based line and column (columns count characters, a byte order mark
 * included), so that an error can say where to look and what to do, instead of a decoder's
 * exception.
 *
 * <p>Thread-safety: stateless.
 */
public final class Utf8Check {

  private Utf8Check() {}

  /**
   * Where the text stops being UTF-8.
   *
   * @param line 1-based line of the offending byte
   * @param column 1-based column (in characters) of the offending byte in its line
   * @param value the offending byte, 0 to 255
   * @param utf16 whether the text starts with a UTF-16 byte order mark
   */
  public record Malformed(int line, int column, int value, boolean utf16) {

    /**
     * Says what is wrong and what to do, for a message that starts with the file's name.
     *
     * @return the problem, such as {@code not UTF-8 text (byte 0xE9 at line 3, column 7); save
     *     it as UTF-8}
     */
    public String describe() {
      if (utf16) {
        return "not UTF-8 text (it is UTF-16: it starts with a UTF-16 byte order mark); save it "
            + "as UTF-8";
      }
      return String.format("not UTF-8 text (byte 0x%02X at line %d, column %d); save it as "
          + "UTF-8", value, line, column);
    }
  }

  /**
   * Scans bytes held in memory.
   *
   * @param bytes the text's bytes
   * @return where they stop being UTF-8, or null if they are UTF-8 throughout
   */
  public static Malformed find(byte[] bytes) {
    try {
      return find(new java.io.ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // a byte array does not fail
    }
  }

  /**
   * Scans a stream to its end or its first malformed byte; does not close it.
   *
   * @param raw the text's bytes
   * @return where they stop being UTF-8, or null if they are UTF-8 throughout
   * @throws IOException if the stream cannot be read
   */
  public static Malformed find(InputStream raw) throws IOException {
    InputStream in = raw instanceof java.io.BufferedInputStream ? raw
        : new java.io.BufferedInputStream(raw, 1 << 16);
    int line = 1;
    int column = 1;
    int first = in.read();
    if (first == 0xFE || first == 0xFF) {
      int second = in.read();
      if ((first == 0xFE && second == 0xFF) || (first == 0xFF && second == 0xFE)) {
        return new Malformed(1, 1, first, true);
      }
      return new Malformed(1, 1, first, false);
    }
    for (int b = first; b >= 0; b = in.read()) {
      if (b < 0x80) {
        if (b == '\n') {
          line++;
          column = 1;
        } else {
          column++;
        }
        continue;
      }
      int more;
      int min;
      int max = 0xBF;
      if (b >= 0xC2 && b <= 0xDF) {
        more = 1;
        min = 0x80;
      } else if (b >= 0xE0 && b <= 0xEF) {
        more = 2;
        min = b == 0xE0 ? 0xA0 : 0x80;
        max = b == 0xED ? 0x9F : 0xBF;
      } else if (b >= 0xF0 && b <= 0xF4) {
        more = 3;
        min = b == 0xF0 ? 0x90 : 0x80;
        max = b == 0xF4 ? 0x8F : 0xBF;
      } else {
        return new Malformed(line, column, b, false);
      }
      for (int k = 0; k < more; k++) {
        int c = in.read();
        boolean ok = c >= 0 && (k == 0 ? c >= min && c <= max : c >= 0x80 && c <= 0xBF);
        if (!ok) {
          return new Malformed(line, column, b, false);
        }
      }
      column++;
    }
    return null;
  }
}
