package dev.nn4j.cli;

/**
 * Makes text read from files safe to show on a terminal: control characters (escape sequences,
 * carriage returns, NUL, the C1 range) and the Unicode bidirectional overrides are shown as
 * {@code \xNN} or {@code \}{@code uNNNN} escapes, so that a key or a cell cannot move the cursor,
 * recolour the terminal or hide text. Every message and output line of the CLI that echoes text
 * from a file goes through it.
 *
 * <p>Thread-safety: stateless.
 */
final class Text {

  private Text() {}

  /**
   * Escapes every control character, newlines included.
   *
   * @param s the text, may be null
   * @return the text with control characters escaped ({@code "null"} for null)
   */
  static String escape(String s) {
    return escape(s, false);
  }

  /**
   * Escapes the control characters of a message, keeping its line breaks.
   *
   * @param s the message, may be null
   * @return the message with control characters other than {@code \n} escaped
   */
  static String escapeMessage(String s) {
    return escape(s, true);
  }

  private static String escape(String s, boolean keepNewlines) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean unsafe = (Character.isISOControl(c) && !(keepNewlines && c == '\n'))
          || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
          || c == '\u2028' || c == '\u2029';
      if (unsafe && sb == null) {
        sb = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (sb != null) {
        if (!unsafe) {
          sb.append(c);
        } else if (c < 0x100) {
          sb.append(String.format("\\x%02x", (int) c));
        } else {
          sb.append(String.format("\\u%04x", (int) c));
        }
      }
    }
    return sb == null ? s : sb.toString();
  }
}
