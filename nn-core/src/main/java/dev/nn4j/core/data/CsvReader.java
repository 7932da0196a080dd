package dev.nn4j.core.data;

import dev.nn4j.api.ConfigException;
import dev.nn4j.api.Matrix;
import dev.nn4j.core.Dataset;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a delimited text file of numeric features and one label column.
 *
 * <p>Labels are class names or class numbers. With {@code classes} given, a label is either one
 * of the names or its 0-based number; without, the classes are numbered as found (numbers in
 * numeric order, names in order of first appearance). One-hot targets get one column per class;
 * numeric targets are the label's value in one column.
 *
 * <p>Thread-safety: immutable.
 *
 * @param header whether the first line is a header to skip
 * @param delimiter the column separator
 * @param labelColumn the label's 0-based column, or -1 for the last
 * @param classes class names, or empty to number the classes found
 * @param oneHot one-hot targets if true, the numeric label otherwise
 */
public record CsvReader(boolean header, char delimiter, int labelColumn, List<String> classes,
    boolean oneHot) {

  /** Copies the class names. */
  public CsvReader {
    classes = List.copyOf(classes);
  }

  /**
   * Returns a reader of the same layout with fixed class names, as a trained model needs.
   *
   * @param names the class names
   * @return the new reader
   */
  public CsvReader withClasses(List<String> names) {
    return new CsvReader(header, delimiter, labelColumn, names, oneHot);
  }

  /**
   * Reads the file, gzip-compressed or not.
   *
   * @param file the file
   * @return the samples and class names
   * @throws ConfigException naming the file and line of a malformed row, or if it cannot be read
   */
  public LabelledData read(Path file) {
    Rows rows = rows(file, 2, true);
    int n = rows.count();
    int label = rows.label();
    Matrix features = new Matrix(n, rows.cols(), rows.values());
    if (!oneHot) {
      float[] y = new float[n];
      for (int i = 0; i < n; i++) {
        y[i] = parse(file, rows.lines()[i], label, rows.labels().get(i));
      }
      return new LabelledData(new Dataset(features, new Matrix(n, 1, y)), List.of());
    }
    DataLimits limits = DataLimits.fromSystemProperties();
    Map<String, Integer> index = classIndex(file, rows, limits);
    List<String> names = classes.isEmpty() ? new ArrayList<>(index.keySet()) : classes;
    if ((long) n * names.size() > limits.maxValues()) {
      throw error(file, 0, "the one-hot targets of " + n + " samples and " + names.size()
          + " classes would hold more than " + limits.maxValues() + " values; "
          + DataLimits.raise("maxValues", limits.maxValues()));
    }
    float[] y = new float[n * names.size()];
    for (int i = 0; i < n; i++) {
      Integer k = classOf(rows.labels().get(i), index);
      if (k == null || k >= names.size()) {
        throw new ConfigException(file.toString(), rows.lines()[i], label + 1, "", "the label "
            + "in column " + (label + 1) + " is not one of the classes " + names
            + " nor a class number below " + names.size(), null);
      }
      y[i * names.size() + k] = 1;
    }
    return new LabelledData(new Dataset(features, new Matrix(n, names.size(), y)), names);
  }

  /**
   * Reads a file whose every column is a feature (no label), such as samples to predict; the
   * label column, the classes and the encoding are ignored.
   *
   * @param file the file, gzip-compressed or not
   * @return one row per sample
   * @throws ConfigException naming the file, line and column of a malformed or non-finite value
   */
  public Matrix readFeatures(Path file) {
    Rows rows = rows(file, 1, false);
    return new Matrix(rows.count(), rows.cols(), rows.values());
  }

  /**
   * The rows of a file: their features parsed into one array, their label cells (shared when
   * equal) and the line each came from.
   */
  private record Rows(int count, int cols, int label, float[] values, List<String> labels,
      int[] lines) {}

  /**
   * Reads the non-blank lines after the header, all with as many columns as the first, parsing
   * every feature as it goes so that only the floats stay in memory; bounded by the
   * {@link DataLimits}.
   */
  private Rows rows(Path file, int minColumns, boolean labelled) {
    DataLimits limits = DataLimits.fromSystemProperties();
    Pattern split = Pattern.compile(Pattern.quote(String.valueOf(delimiter)));
    FloatChunks values = new FloatChunks();
    List<String> labels = new ArrayList<>();
    Map<String, String> shared = new HashMap<>();
    int[] lines = new int[16];
    int width = -1;
    int label = -1;
    int count = 0;
    try (LineReader in = new LineReader(new InputStreamReader(Inputs.open(file),
        StandardCharsets.UTF_8), limits.maxLineChars())) {
      int lineNumber = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNumber++;
        if ((header && lineNumber == 1) || line.isBlank()) {
          continue;
        }
        String[] cells = split.split(line, -1);
        if (width < 0) {
          if (cells.length < minColumns) {
            throw error(file, lineNumber, "a row needs at least " + minColumns + " columns, "
                + "but this one has " + cells.length + " (is the delimiter '"
                + printable(delimiter) + "'?)");
          }
          width = cells.length;
          if (labelled) {
            label = labelColumn < 0 ? width - 1 : labelColumn;
            if (label >= width) {
              throw error(file, lineNumber, "labelColumn " + labelColumn + " is beyond the "
                  + width + " columns");
            }
          }
        } else if (cells.length != width) {
          throw error(file, lineNumber, "expected " + width + " columns like the first row, "
              + "found " + cells.length);
        }
        int features = labelled ? width - 1 : width;
        if ((long) (count + 1) * features > limits.maxValues()) {
          throw error(file, lineNumber, "the file holds more than " + limits.maxValues()
              + " feature values; " + DataLimits.raise("maxValues", limits.maxValues()));
        }
        for (int c = 0; c < width; c++) {
          String cell = cells[c].trim();
          if (c == label) {
            labels.add(shared.computeIfAbsent(cell, k -> k));
          } else {
            values.add(parse(file, lineNumber, c, cell));
          }
        }
        if (count == lines.length) {
          lines = Arrays.copyOf(lines, count * 2);
        }
        lines[count++] = lineNumber;
      }
    } catch (LineReader.TooLong e) {
      throw error(file, e.line(), "the line is longer than " + limits.maxLineChars()
          + " characters; " + DataLimits.raise("maxLineChars", limits.maxLineChars()));
    } catch (IOException e) {
      throw new ConfigException(file.toString(), 0, 0, "", "cannot read the data: "
          + (e.getMessage() == null ? "input/output error" : e.getMessage()), e);
    }
    if (count == 0) {
      throw error(file, 0, "the file holds no samples");
    }
    return new Rows(count, labelled ? width - 1 : width, label, values.toArray(), labels,
        Arrays.copyOf(lines, count));
  }

  private static String printable(char c) {
    return Character.isISOControl(c) ? String.format("\\x%02x", (int) c) : String.valueOf(c);
  }

  /** Maps each label text to its class number, within the limit on classes. */
  private Map<String, Integer> classIndex(Path file, Rows rows, DataLimits limits) {
    Map<String, Integer> index = new LinkedHashMap<>();
    if (!classes.isEmpty()) {
      for (int k = 0; k < classes.size(); k++) {
        index.put(classes.get(k), k);
      }
      return index;
    }
    List<String> labels = rows.labels();
    boolean numbers = labels.stream().allMatch(s -> s.matches("\\d+"));
    int column = rows.label() + 1;
    if (numbers) {
      int max = 0;
      for (int i = 0; i < labels.size(); i++) {
        String s = labels.get(i);
        String digits = s.replaceFirst("^0+(?=.)", "");
        if (digits.length() > 10 || Long.parseLong(digits) >= limits.maxClasses()) {
          throw new ConfigException(file.toString(), rows.lines()[i], column, "",
              "the numeric label in column " + column + " would make more classes than the "
              + limits.maxClasses() + " allowed; " + DataLimits.raise("maxClasses",
                  limits.maxClasses()), null);
        }
        max = Math.max(max, Integer.parseInt(digits));
      }
      for (int k = 0; k <= max; k++) {
        index.put(String.valueOf(k), k);
      }
    } else {
      for (int i = 0; i < labels.size(); i++) {
        index.putIfAbsent(labels.get(i), index.size());
        if (index.size() > limits.maxClasses()) {
          throw new ConfigException(file.toString(), rows.lines()[i], column, "",
              "the labels in column " + column + " make more than " + limits.maxClasses()
              + " classes; " + DataLimits.raise("maxClasses", limits.maxClasses()), null);
        }
      }
    }
    return index;
  }

  private static Integer classOf(String label, Map<String, Integer> index) {
    Integer k = index.get(label);
    if (k == null && label.matches("\\d{1,9}")) {
      k = Integer.parseInt(label);
    }
    return k;
  }

  /**
   * Parses a feature or numeric label. The message names the line and column and what kind of
   * value is wrong, never the cell's text: data files may be named by a downloaded config.
   */
  private static float parse(Path file, int line, int column, String cell) {
    float value;
    try {
      value = Float.parseFloat(cell);
    } catch (NumberFormatException e) {
      throw new ConfigException(file.toString(), line, column + 1, "",
          "column " + (column + 1) + (cell.isEmpty() ? " is empty" : " is not a number"), null);
    }
    if (!Float.isFinite(value)) {
      throw new ConfigException(file.toString(), line, column + 1, "",
          "column " + (column + 1) + " is not a finite number (NaN or infinite, or beyond the "
          + "float range); remove the row or fill in a value", null);
    }
    return value;
  }

  private static ConfigException error(Path file, int line, String problem) {
    return new ConfigException(file.toString(), line, 0, "", problem, null);
  }
}
