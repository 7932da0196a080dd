package dev.nn4j.core.data;

import dev.nn4j.api.ConfigException;
import dev.nn4j.api.Matrix;
import dev.nn4j.core.Dataset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
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
    List<Row> rows = rows(file, 2);
    int width = rows.get(0).cells().length;
    int label = labelColumn < 0 ? width - 1 : labelColumn;
    if (label >= width) {
      throw error(file, rows.get(0).line(), "labelColumn " + labelColumn + " is beyond the "
          + width + " columns");
    }
    int n = rows.size();
    int cols = width - 1;
    float[] x = new float[n * cols];
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Row row = rows.get(i);
      for (int c = 0, k = 0; c < width; c++) {
        if (c != label) {
          x[i * cols + k++] = parse(file, row.line(), c, row.cells()[c]);
        }
      }
      labels.add(row.cells()[label]);
    }
    Matrix features = new Matrix(n, cols, x);
    if (!oneHot) {
      float[] y = new float[n];
      for (int i = 0; i < n; i++) {
        y[i] = parse(file, rows.get(i).line(), label, labels.get(i));
      }
      return new LabelledData(new Dataset(features, new Matrix(n, 1, y)), List.of());
    }
    Map<String, Integer> index = classIndex(labels);
    List<String> names = classes.isEmpty() ? new ArrayList<>(index.keySet()) : classes;
    float[] y = new float[n * names.size()];
    for (int i = 0; i < n; i++) {
      Integer k = classOf(labels.get(i), index);
      if (k == null || k >= names.size()) {
        throw error(file, rows.get(i).line(), "label '" + labels.get(i) + "' is not one of the "
            + "classes " + names + " nor a class number below " + names.size());
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
   * @throws ConfigException naming the file and line of a malformed row
   */
  public Matrix readFeatures(Path file) {
    List<Row> rows = rows(file, 1);
    int cols = rows.get(0).cells().length;
    float[] x = new float[rows.size() * cols];
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      for (int c = 0; c < cols; c++) {
        x[i * cols + c] = parse(file, row.line(), c, row.cells()[c]);
      }
    }
    return new Matrix(rows.size(), cols, x);
  }

  /** A line of the file, split into trimmed cells. */
  private record Row(int line, String[] cells) {}

  /** Reads the non-blank lines after the header, all with as many columns as the first. */
  private List<Row> rows(Path file, int minColumns) {
    List<Row> rows = new ArrayList<>();
    Pattern split = Pattern.compile(Pattern.quote(String.valueOf(delimiter)));
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(Inputs.open(file), StandardCharsets.UTF_8))) {
      int lineNumber = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNumber++;
        if ((header && lineNumber == 1) || line.isBlank()) {
          continue;
        }
        String[] cells = split.split(line, -1);
        for (int c = 0; c < cells.length; c++) {
          cells[c] = cells[c].trim();
        }
        if (rows.isEmpty() && cells.length < minColumns) {
          throw error(file, lineNumber, "a row needs at least " + minColumns + " columns, but "
              + "this one has " + cells.length + " (is the delimiter '" + delimiter + "'?)");
        }
        if (!rows.isEmpty() && cells.length != rows.get(0).cells().length) {
          throw error(file, lineNumber, "expected " + rows.get(0).cells().length
              + " columns like the first row, found " + cells.length);
        }
        rows.add(new Row(lineNumber, cells));
      }
    } catch (IOException e) {
      throw new ConfigException(file.toString(), 0, 0, "", "cannot read the data: " + e, e);
    }
    if (rows.isEmpty()) {
      throw error(file, 0, "the file holds no samples");
    }
    return rows;
  }

  /** Maps each label text to its class number. */
  private Map<String, Integer> classIndex(List<String> labels) {
    Map<String, Integer> index = new LinkedHashMap<>();
    if (!classes.isEmpty()) {
      for (int k = 0; k < classes.size(); k++) {
        index.put(classes.get(k), k);
      }
      return index;
    }
    boolean numbers = labels.stream().allMatch(s -> s.matches("\\d+"));
    if (numbers) {
      int max = labels.stream().mapToInt(Integer::parseInt).max().orElse(0);
      for (int k = 0; k <= max; k++) {
        index.put(String.valueOf(k), k);
      }
    } else {
      labels.forEach(s -> index.putIfAbsent(s, index.size()));
    }
    return index;
  }

  private static Integer classOf(String label, Map<String, Integer> index) {
    Integer k = index.get(label);
    if (k == null && label.matches("\\d+")) {
      k = Integer.parseInt(label);
    }
    return k;
  }

  private static float parse(Path file, int line, int column, String cell) {
    try {
      return Float.parseFloat(cell);
    } catch (NumberFormatException e) {
      throw new ConfigException(file.toString(), line, column + 1, "",
          "column " + (column + 1) + " holds '" + cell + "', not a number", null);
    }
  }

  private static ConfigException error(Path file, int line, String problem) {
    return new ConfigException(file.toString(), line, 0, "", problem, null);
  }
}
