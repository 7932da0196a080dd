package dev.nn4j.core.data;

import dev.nn4j.api.Matrix;
import java.util.Arrays;
import java.util.List;

/**
 * Feature scaling x′ = (x − offset) / scale per column, fitted on training data and applied
 * unchanged to every other sample (validation, test, prediction), so it travels with the model.
 *
 * <p>Thread-safety: immutable.
 *
 * @param kind {@code none}, {@code standard} (offset the mean, scale the standard deviation) or
 *     {@code minmax} (offset the minimum, scale the range)
 * @param offset one value per feature
 * @param scale one value per feature, never 0
 */
public record Scaler(String kind, float[] offset, float[] scale) {

  /** The kinds {@link #fit} knows. */
  public static final List<String> KINDS = List.of("none", "standard", "minmax");

  /** Copies the arrays and checks them. */
  public Scaler {
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException("unknown scaling '" + kind + "'; valid: " + KINDS);
    }
    if (offset.length != scale.length) {
      throw new IllegalArgumentException("offset has " + offset.length + " values but scale has "
          + scale.length);
    }
    offset = offset.clone();
    scale = scale.clone();
  }

  /**
   * Returns the scaling that leaves features as they are: kind {@code none}.
   *
   * @param features the number of features
   * @return the scaler
   */
  public static Scaler identity(int features) {
    float[] scale = new float[features];
    Arrays.fill(scale, 1);
    return new Scaler("none", new float[features], scale);
  }

  /**
   * Fits a scaler to the columns of the training features. A constant column gets scale 1.
   *
   * @param kind the kind of scaling
   * @param train training features
   * @return the scaler
   */
  public static Scaler fit(String kind, Matrix train) {
    int cols = train.cols();
    float[] offset = new float[cols];
    float[] scale = new float[cols];
    Arrays.fill(scale, 1);
    if (kind.equals("none")) {
      return new Scaler(kind, offset, scale);
    }
    for (int c = 0; c < cols; c++) {
      double a = 0;
      double b = 0;
      if (kind.equals("standard")) {
        for (int r = 0; r < train.rows(); r++) {
          a += train.get(r, c);
        }
        a /= train.rows();
        for (int r = 0; r < train.rows(); r++) {
          double d = train.get(r, c) - a;
          b += d * d;
        }
        b = Math.sqrt(b / train.rows());
      } else {
        a = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < train.rows(); r++) {
          a = Math.min(a, train.get(r, c));
          max = Math.max(max, train.get(r, c));
        }
        b = max - a;
      }
      offset[c] = (float) a;
      scale[c] = b > 0 ? (float) b : 1;
    }
    return new Scaler(kind, offset, scale);
  }

  /**
   * Fits a scaler to the columns of the training features but some, which it leaves as they are
   * (offset 0, scale 1): categorical ids and one-hot indicators.
   *
   * @param kind the kind of scaling
   * @param train training features
   * @param unscaled the 0-based columns to leave as they are
   * @return the scaler
   */
  public static Scaler fit(String kind, Matrix train, int[] unscaled) {
    Scaler fitted = fit(kind, train);
    for (int c : unscaled) {
      fitted.offset[c] = 0;
      fitted.scale[c] = 1;
    }
    return fitted;
  }

  /** Returns a copy of the offsets. */
  @Override
  public float[] offset() {
    return offset.clone();
  }

  /** Returns a copy of the scales. */
  @Override
  public float[] scale() {
    return scale.clone();
  }

  /**
   * Scales features into a new matrix.
   *
   * @param x features with one column per fitted feature
   * @return the scaled copy
   */
  public Matrix apply(Matrix x) {
    x.requireShape("features", x.rows(), offset.length);
    float[] out = new float[x.rows() * x.cols()];
    int cols = x.cols();
    for (int r = 0; r < x.rows(); r++) {
      for (int c = 0; c < cols; c++) {
        out[r * cols + c] = (x.data()[r * cols + c] - offset[c]) / scale[c];
      }
    }
    return new Matrix(x.rows(), cols, out);
  }

  /** Equal when the kind and every value are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Scaler s && s.kind.equals(kind) && Arrays.equals(s.offset, offset)
        && Arrays.equals(s.scale, scale);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Arrays.hashCode(offset) * 17 + Arrays.hashCode(scale);
  }

  @Override
  public String toString() {
    return "Scaler[" + kind + ", " + offset.length + " features]";
  }
}
