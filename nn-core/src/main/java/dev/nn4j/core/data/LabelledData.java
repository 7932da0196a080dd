package dev.nn4j.core.data;

import dev.nn4j.core.Dataset;
import java.util.List;

/**
 * Samples with the names of their classes.
 *
 * @param dataset features and targets
 * @param classes class names in target-column order; empty for numeric targets
 */
public record LabelledData(Dataset dataset, List<String> classes) {

  /** Copies the class names. */
  public LabelledData {
    classes = List.copyOf(classes);
  }
}
