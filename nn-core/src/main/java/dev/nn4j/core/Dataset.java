package dev.nn4j.core;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.ShapeException;

/**
 * Samples held in memory: one row of features and one row of targets per sample.
 *
 * <p>Thread-safety: immutable as long as nobody writes the matrices' arrays.
 *
 * @param features n × inputs
 * @param targets n × outputs
 */
public record Dataset(Matrix features, Matrix targets) {

  /** Requires one target row per feature row, and at least one sample. */
  public Dataset {
    if (features.rows() != targets.rows()) {
      throw new ShapeException("features are " + features.shape() + " but targets are "
          + targets.shape() + "; they need the same number of rows");
    }
    if (features.rows() == 0) {
      throw new IllegalArgumentException("a dataset needs at least one sample");
    }
  }

  /** Returns the number of samples. */
  public int size() {
    return features.rows();
  }
}
