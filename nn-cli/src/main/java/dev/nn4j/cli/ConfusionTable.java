package dev.nn4j.cli;

import dev.nn4j.core.ConfusionMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * A confusion matrix laid out to fit a terminal's width. When the full table (class names as
 * column headings, then each class's precision, recall and F1) fits, it is {@link
 * ConfusionMatrix#toTable}. Otherwise the columns are headed by class numbers, each row names its
 * number and class (abbreviated with "…" when long), the columns are split into as many blocks
 * as the width needs, and precision, recall and F1 follow in a table of their own.
 *
 * <p>Thread-safety: stateless.
 */
final class ConfusionTable {

  /** The width when there is no terminal to fit: the table is never split. */
  static final int UNLIMITED = Integer.MAX_VALUE;
  /** The narrowest layout this class attempts; narrower widths get it anyway. */
  static final int MINIMUM_WIDTH = 32;
  /** The width assumed on a terminal whose width cannot be detected. */
  private static final int DETECTION_FAILED = 80;
  private static final String CORNER = "true\\pred";
  private static final String STATS = " precision  recall      f1";

  private ConfusionTable() {}

  /**
   * Returns the width to fit: {@code COLUMNS} when it holds a positive number; else, on a
   * terminal, its width as picocli detects it (80 when it cannot); else {@link #UNLIMITED}.
   *
   * @param env the environment
   * @param terminal whether the output is a terminal
   * @return the width in characters
   */
  static int width(Map<String, String> env, boolean terminal) {
    String columns = env.get("COLUMNS");
    if (columns != null && columns.trim().matches("\\d{1,6}")) {
      int value = Integer.parseInt(columns.trim());
      if (value > 0) {
        return value;
      }
    }
    if (terminal) {
      return new CommandLine.Model.UsageMessageSpec().autoWidth(true).width();
    }
    return UNLIMITED;
  }

  /**
   * As {@link #width(Map, boolean)}, but on a terminal without {@code COLUMNS} the detection
   * (picocli starts a process, {@code stty}, for it) runs on a daemon thread from now on, so that
   * a command that prints the table at its end does not wait for it there.
   *
   * @param env the environment
   * @param terminal whether the output is a terminal
   * @return the width, waiting for the detection when it is asked for
   */
  static Supplier<Integer> widthSoon(Map<String, String> env, boolean terminal) {
    int known = width(env, false);
    if (known != UNLIMITED || !terminal) {
      return () -> known;
    }
    FutureTask<Integer> detection = new FutureTask<>(() -> width(env, true));
    Thread thread = new Thread(detection, "nn4j-terminal-width");
    thread.setDaemon(true);
    thread.start();
    return () -> {
      try {
        return detection.get();
      } catch (ExecutionException e) {
        return DETECTION_FAILED;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return DETECTION_FAILED;
      }
    };
  }

  /**
   * Formats a matrix to fit a width.
   *
   * @param matrix the counts
   * @param names the class names, already safe for a terminal, or empty to number them
   * @param width the most characters a line may have ({@link #UNLIMITED} for no limit)
   * @return the table, lines ending in '\n'
   */
  static String format(ConfusionMatrix matrix, List<String> names, int width) {
    String full = matrix.toTable(names);
    if (width == UNLIMITED || longestLine(full) <= width) {
      return full;
    }
    int fit = Math.max(width, MINIMUM_WIDTH);
    int k = matrix.classes();
    List<String> rows = new ArrayList<>();
    int widest = 0;
    int largest = k - 1;
    for (int i = 0; i < k; i++) {
      rows.add(i + " " + (i < names.size() ? names.get(i) : ""));
      for (int j = 0; j < k; j++) {
        largest = Math.max(largest, matrix.count(i, j));
      }
    }
    int cell = String.valueOf(largest).length() + 1;
    for (String row : rows) {
      widest = Math.max(widest, row.strip().length());
    }
    // the row labels take at most a quarter of the width, but at least the corner's heading
    int label = Math.max(CORNER.length() + 1, Math.min(widest, fit / 4));
    int perBlock = Math.max(1, (fit - label) / cell);
    StringBuilder sb = new StringBuilder();
    for (int from = 0; from < k; from += perBlock) {
      int to = Math.min(k, from + perBlock);
      if (from > 0) {
        sb.append('\n');
      }
      sb.append(pad(CORNER, label));
      for (int j = from; j < to; j++) {
        sb.append(leftPad(String.valueOf(j), cell));
      }
      sb.append('\n');
      for (int i = 0; i < k; i++) {
        sb.append(pad(abbreviate(rows.get(i).strip(), label), label));
        for (int j = from; j < to; j++) {
          sb.append(leftPad(String.valueOf(matrix.count(i, j)), cell));
        }
        sb.append('\n');
      }
    }
    int statsLabel = Math.max("class".length(), Math.min(widest, fit - STATS.length()));
    sb.append('\n').append(pad("class", statsLabel)).append(STATS).append('\n');
    for (int i = 0; i < k; i++) {
      sb.append(pad(abbreviate(rows.get(i).strip(), statsLabel), statsLabel))
          .append(String.format(Locale.ROOT, "%10.4f%8.4f%8.4f%n", matrix.precision(i),
              matrix.recall(i), matrix.f1(i)));
    }
    return sb.toString();
  }

  /** Shortens text to a width, ending it with "…" when cut. */
  static String abbreviate(String s, int width) {
    return s.length() <= width ? s : s.substring(0, Math.max(0, width - 1)) + "…";
  }

  private static int longestLine(String text) {
    int longest = 0;
    for (String line : text.split("\n")) {
      longest = Math.max(longest, line.length());
    }
    return longest;
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }

  private static String leftPad(String s, int width) {
    return " ".repeat(Math.max(1, width - s.length())) + s;
  }
}
