package dev.nn4j.testkit;

import dev.nn4j.api.Matrix;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded inputs and the comparisons the contracts share, with failure messages that explain. */
final class Numerics {

  private Numerics() {}

  /** A rows × cols matrix of values drawn uniformly from [low, high). */
  static Matrix uniform(SplittableRandom random, int rows, int cols, double low, double high) {
    float[] data = new float[rows * cols];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextDouble(low, high);
    }
    return new Matrix(rows, cols, data);
  }

  /**
   * Fails unless {@code actual} is within {@code absolute + relative·|expected|} of {@code
   * expected}.
   */
  static void assertClose(String check, String at, double expected, double actual,
      double absolute, double relative) {
    double distance = Math.abs(expected - actual);
    if (!(distance <= absolute + relative * Math.abs(expected))) {
      throw new AssertionError(check + " at " + at + ": expected " + expected + " but was "
          + actual + ", " + distance + " apart (tolerance " + absolute + " + " + relative
          + "·|expected|)");
    }
  }

  /** Fails unless every value is finite. */
  static void assertFinite(String check, String at, Matrix m) {
    for (int i = 0; i < m.size(); i++) {
      if (!Float.isFinite(m.data()[i])) {
        throw new AssertionError(check + " at " + at + ": element " + i + " is " + m.data()[i]
            + " for finite inputs");
      }
    }
  }

  /** Fails unless the matrix still equals the copy taken before the call. */
  static void assertUnchanged(String check, String what, Matrix before, Matrix after) {
    if (!Arrays.equals(before.data(), after.data())) {
      throw new AssertionError(check + " modified its input " + what + ": it was " + before
          + " and became " + after);
    }
  }
}
