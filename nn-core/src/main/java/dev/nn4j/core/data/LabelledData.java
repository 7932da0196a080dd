package dev.nn4j.core.data;

import dev.nn4j.core.Dataset;
import java.util.List;

/**
 * Samples with the names of their classes.
 *
 * @param dataset features and targets
 * @param classes class names in target-column order; empty for numeric targets
 * @param reader for CSV data, the reader fitted to the file (its classes, categories and column
 *     layout fixed) that reads more files the same way; null otherwise
 */
public record LabelledData(Dataset dataset, List<String> classes, CsvReader reader) {

  /** Copies the class names. */
  public LabelledData {
    classes = List.copyOf(classes);
  }

  /**
   * Samples that are not from a CSV file.
   *
   * @param dataset features and targets
   * @param classes class names in target-column order; empty for numeric targets
   */
  public LabelledData(Dataset dataset, List<String> classes) {
    this(dataset, classes, null);
  }
}
