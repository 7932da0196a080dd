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
   * Reads the file, gzip-compressed or not.
   *
   * @param file the file
   * @return the samples and class names
   * @throws ConfigException naming the file and line of a malformed row, or if it cannot be read
   */
  public LabelledData read(Path file) {
    List<float[]> rows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    int width = -1;
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(Inputs.open(file), StandardCharsets.UTF_8))) {
      int lineNumber = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNumber++;
        if ((header && lineNumber == 1) || line.isBlank()) {
          continue;
        }
        String[] cells = line.split(Pattern.quote(String.valueOf(delimiter)), -1);
        if (width < 0) {
          width = cells.length;
          if (width < 2) {
            throw error(file, lineNumber, "a row needs at least one feature and a label, but"
                + " this one has " + width + " column (is the delimiter '" + delimiter + "'?)");
          }
        } else if (cells.length != width) {
          throw error(file, lineNumber, "expected " + width + " columns like the first row, found "
              + cells.length);
        }
        int label = labelColumn < 0 ? width - 1 : labelColumn;
        if (label >= width) {
          throw error(file, lineNumber, "labelColumn " + labelColumn + " is beyond the " + width
              + " columns");
        }
        float[] features = new float[width - 1];
        for (int c = 0, k = 0; c < width; c++) {
          if (c != label) {
            features[k++] = parse(file, lineNumber, c, cells[c].trim());
          }
        }
        rows.add(features);
        labels.add(cells[label].trim());
        lines.add(lineNumber);
      }
    } catch (IOException e) {
      throw new ConfigException(file.toString(), 0, 0, "", "cannot read the data: " + e, e);
    }
    if (rows.isEmpty()) {
      throw error(file, 0, "the file holds no samples");
    }
    int n = rows.size();
    int cols = width - 1;
    float[] x = new float[n * cols];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rows.get(i), 0, x, i * cols, cols);
    }
    Matrix features = new Matrix(n, cols, x);
    if (!oneHot) {
      float[] y = new float[n];
      for (int i = 0; i < n; i++) {
        y[i] = parse(file, lines.get(i), label(width), labels.get(i));
      }
      return new LabelledData(new Dataset(features, new Matrix(n, 1, y)), List.of());
    }
    Map<String, Integer> index = classIndex(labels);
    List<String> names = new ArrayList<>(index.keySet());
    if (!classes.isEmpty()) {
      names = classes;
    }
    float[] y = new float[n * names.size()];
    for (int i = 0; i < n; i++) {
      Integer k = classOf(labels.get(i), index);
      if (k == null || k >= names.size()) {
        throw error(file, lines.get(i), "label '" + labels.get(i) + "' is not one of the classes "
            + names + " nor a class number below " + names.size());
      }
      y[i * names.size() + k] = 1;
    }
    return new LabelledData(new Dataset(features, new Matrix(n, names.size(), y)), names);
  }

  private int label(int width) {
    return labelColumn < 0 ? width - 1 : labelColumn;
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
