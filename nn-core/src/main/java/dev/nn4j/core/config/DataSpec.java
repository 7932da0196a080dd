package dev.nn4j.core.config;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Shape;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the samples come from: a file, or samples written in the document itself.
 *
 * @param format {@code csv}, {@code idx} or {@code inline}
 * @param file the CSV file, or the IDX images file (resolved against the document's folder);
 *     null for inline data
 * @param labels the IDX labels file; null otherwise
 * @param header whether the CSV file's first line is a header to skip
 * @param delimiter the CSV column separator
 * @param labelColumn the CSV column of the label, 0-based; -1 for the last column
 * @param classes class names, in label order; empty to number the classes found
 * @param encoding {@code one_hot} (one output per class) or {@code numeric} (the label itself)
 * @param scaling {@code none}, {@code standard} (zero mean, unit variance) or {@code minmax}
 *     (to [0, 1]), fitted on the training split
 * @param features inline features; null for files
 * @param targets inline targets; null for files
 * @param validationFile a CSV file laid out like {@code file} to validate on instead of a
 *     validation split, or null
 * @param testFile a file laid out like {@code file} (CSV, or IDX images) to test on instead of a
 *     test split, or null
 * @param testLabels the IDX labels of {@code testFile}; null otherwise
 * @param shape the shape of one sample's features ({@code data.shape}, or else {@code
 *     network.inputs}): the data's feature columns must number its size, C·H·W for an image,
 *     which the features matrix holds row-major in one row per sample; null when the
 *     configuration names none
 * @param shapeLocation where {@code shape} was given, for errors; null when {@code shape} is
 * @param label the CSV label column's name in the header ({@code data.label}), or null to use
 *     {@code labelColumn}
 * @param columns the CSV feature columns' names in the header, in input order ({@code
 *     data.columns}); empty for every column but the label
 * @param missing what a missing CSV value (an empty cell or {@code NA}) does: {@code error} or
 *     {@code skip_row} (the row is left out)
 * @param categorical the CSV columns that hold categories ({@code data.categorical}), by name,
 *     each {@code one_hot} or {@code ids}, in the order given
 */
public record DataSpec(String format, Path file, Path labels, boolean header, char delimiter,
    int labelColumn, List<String> classes, String encoding, String scaling, Matrix features,
    Matrix targets, Path validationFile, Path testFile, Path testLabels, Shape shape,
    Location shapeLocation, String label, List<String> columns, String missing,
    Map<String, String> categorical) {

  /** The formats. */
  public static final List<String> FORMATS = List.of("csv", "idx", "inline");
  /** The target encodings. */
  public static final List<String> ENCODINGS = List.of("one_hot", "numeric");
  /** The feature scalings. */
  public static final List<String> SCALINGS = List.of("none", "standard", "minmax");

  /** What {@code missing} may say. */
  public static final List<String> MISSING = List.of("error", "skip_row");
  /** The encodings of a categorical column. */
  public static final List<String> CATEGORICAL = List.of("one_hot", "ids");

  /** Copies the class names, the columns and the categorical columns (keeping their order). */
  public DataSpec {
    classes = List.copyOf(classes);
    columns = columns == null ? List.of() : List.copyOf(columns);
    missing = missing == null ? "error" : missing;
    categorical = categorical == null ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(categorical));
  }

  /**
   * A data section whose CSV columns are chosen by position, every one but the label a number,
   * missing values an error.
   */
  public DataSpec(String format, Path file, Path labels, boolean header, char delimiter,
      int labelColumn, List<String> classes, String encoding, String scaling, Matrix features,
      Matrix targets, Path validationFile, Path testFile, Path testLabels, Shape shape,
      Location shapeLocation) {
    this(format, file, labels, header, delimiter, labelColumn, classes, encoding, scaling,
        features, targets, validationFile, testFile, testLabels, shape, shapeLocation, null,
        List.of(), "error", Map.of());
  }

  /**
   * Returns this section with another file (and IDX labels file) in place of the data's, laid out
   * the same way (same shape).
   */
  public DataSpec withFile(Path newFile, Path newLabels) {
    return new DataSpec(format, newFile, newLabels, header, delimiter, labelColumn, classes,
        encoding, scaling, features, targets, null, null, null, shape, shapeLocation, label,
        columns, missing, categorical);
  }

  /**
   * Returns whether this is inline data whose targets are classes: one column holding both 0s
   * and 1s and nothing else (two classes, as {@link dev.nn4j.core.Evaluation#classOf} reads a
   * single output), or one-hot rows (a single 1, zeros elsewhere; the config reader numbers such
   * classes when {@code data.classes} does not name them). Such a model is a classifier ({@link
   * dev.nn4j.core.Metrics#classifier}'s named classes); other inline targets are numbers.
   */
  public boolean inlineClasses() {
    if (!format.equals("inline") || targets == null || targets.cols() == 0) {
      return false;
    }
    int ones = 0;
    for (int r = 0; r < targets.rows(); r++) {
      int rowOnes = 0;
      for (int c = 0; c < targets.cols(); c++) {
        float v = targets.get(r, c);
        if (v == 1f) {
          rowOnes++;
        } else if (v != 0f) {
          return false;
        }
      }
      if (rowOnes != 1 && targets.cols() > 1) {
        return false;
      }
      ones += rowOnes;
    }
    return targets.cols() > 1 || ones > 0 && ones < targets.rows();
  }
}
