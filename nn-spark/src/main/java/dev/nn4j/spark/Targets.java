package dev.nn4j.spark;

import java.io.Serializable;

/**
 * How a label column's value becomes a sample's targets, on the driver or on an executor: class
 * indices one-hot (or 0/1 for one output) for {@link Nn4jClassifier}, the value itself for {@link
 * Nn4jRegressor}. Errors name the label column and the row.
 */
interface Targets extends Serializable {

  /**
   * Returns the target columns of a sample.
   *
   * @return at least 1
   */
  int columns();

  /**
   * Writes one label's targets.
   *
   * @param label the label column's value
   * @param into the targets, {@link #columns()} of them from {@code offset}, all zero
   * @param offset where the sample's targets start
   * @param row which row it is, for messages ("row 3", "row 3 of partition 1")
   * @throws Nn4jSparkException if the label is not valid
   */
  void encode(double label, float[] into, int offset, String row);

  /** Class indices 0 to k−1: one-hot over k outputs, or the index itself with one output. */
  record Classes(String column, int outputs) implements Targets {

    @Override
    public int columns() {
      return outputs;
    }

    /** The number of classes: the outputs, or 2 with one output. @return at least 2 */
    int classes() {
      return Math.max(outputs, 2);
    }

    @Override
    public void encode(double label, float[] into, int offset, String row) {
      if (label != Math.rint(label) || label < 0 || label >= classes()) {
        throw new Nn4jSparkException(row + " of the label column '" + column + "' is " + label
            + "; labels must be class indices 0 to " + (classes() - 1) + " (the network has "
            + outputs + " output" + (outputs == 1 ? "" : "s") + ")");
      }
      if (outputs == 1) {
        into[offset] = (float) label;
      } else {
        into[offset + (int) label] = 1;
      }
    }
  }

  /** A number the network's single output is trained to match. */
  record Values(String column) implements Targets {

    @Override
    public int columns() {
      return 1;
    }

    @Override
    public void encode(double label, float[] into, int offset, String row) {
      if (!Double.isFinite(label)) {
        throw new Nn4jSparkException(row + " of the label column '" + column + "' is " + label
            + "; a regression label must be a finite number");
      }
      into[offset] = (float) label;
    }
  }
}
