package dev.nn4j.api;

import java.util.Arrays;

/**
 * The shape of one sample as a layer sees it: a vector of features, or an image of channels ×
 * height × width. A batch of samples is a {@link Matrix} with one row per sample and {@link
 * #size()} columns, each row the sample's values in row-major order (channel, then row, then
 * column for an image).
 *
 * <p>Immutable and thread-safe.
 */
public final class Shape {

  private final int[] dims;

  private Shape(int... dims) {
    for (int d : dims) {
      if (d < 1) {
        throw new ShapeException("every dimension of a shape must be at least 1, was "
            + Arrays.toString(dims));
      }
    }
    long size = 1;
    for (int d : dims) {
      size *= d;
    }
    if (size > Integer.MAX_VALUE) {
      throw new ShapeException("a sample of shape " + Arrays.toString(dims)
          + " has more than " + Integer.MAX_VALUE + " values");
    }
    this.dims = dims;
  }

  /**
   * A vector of features.
   *
   * @param features at least 1
   * @return the shape
   * @throws ShapeException if features is below 1
   */
  public static Shape vector(int features) {
    return new Shape(features);
  }

  /**
   * An image of channels × height × width.
   *
   * @param channels at least 1
   * @param height at least 1
   * @param width at least 1
   * @return the shape
   * @throws ShapeException if a dimension is below 1 or the size overflows an int
   */
  public static Shape image(int channels, int height, int width) {
    return new Shape(channels, height, width);
  }

  /** Returns whether this is an image shape (channels × height × width). */
  public boolean isImage() {
    return dims.length == 3;
  }

  /** Returns the number of values of one sample: the columns of a batch. */
  public int size() {
    int size = 1;
    for (int d : dims) {
      size *= d;
    }
    return size;
  }

  /** Returns the number of channels of an image, or the features of a vector. */
  public int channels() {
    return dims[0];
  }

  /** Returns an image's height; 1 for a vector. */
  public int height() {
    return isImage() ? dims[1] : 1;
  }

  /** Returns an image's width; 1 for a vector. */
  public int width() {
    return isImage() ? dims[2] : 1;
  }

  /** Returns the dimensions, a copy: one for a vector, three for an image. */
  public int[] dims() {
    return dims.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** Returns {@code "16"} for a vector, {@code "1×28×28"} for an image. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < dims.length; i++) {
      sb.append(i == 0 ? "" : "×").append(dims[i]);
    }
    return sb.toString();
  }
}
