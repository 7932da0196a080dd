package dev.nn4j.core.data;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines (ended by LF or CRLF) of at most a given length, so that a file of one huge line
 * is refused after that many characters instead of being read whole into memory.
 *
 * <p>Thread-safety: one reader per thread.
 */
final class LineReader implements AutoCloseable {

  /** A line longer than the limit, with its 1-based number. */
  static final class TooLong extends IOException {
    private static final long serialVersionUID = 1L;
    private final int line;

    TooLong(int line) {
      super("line " + line + " is too long");
      this.line = line;
    }

    int line() {
      return line;
    }
  }

  private final Reader in;
  private final int maxChars;
  private final char[] buffer = new char[1 << 16];
  private int position;
  private int limit;
  private int lineNumber;
  private final StringBuilder line = new StringBuilder();

  LineReader(Reader in, int maxChars) {
    this.in = in;
    this.maxChars = maxChars;
  }

  /**
   * Returns the next line without its line end, or null at the end of the input.
   *
   * @throws TooLong if the line has more than the limit's characters
   */
  String readLine() throws IOException {
    line.setLength(0);
    boolean any = false;
    lineNumber++;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          return any ? strip() : null;
        }
      }
      any = true;
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      if (line.length() + (position - start) > maxChars + 1) {
        throw new TooLong(lineNumber);
      }
      line.append(buffer, start, position - start);
      if (position < limit) {
        position++;
        return strip();
      }
    }
  }

  private String strip() throws TooLong {
    int n = line.length();
    if (n > 0 && line.charAt(n - 1) == '\r') {
      line.setLength(--n);
    }
    if (n > maxChars) {
      throw new TooLong(lineNumber);
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
