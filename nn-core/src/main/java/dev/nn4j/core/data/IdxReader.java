package dev.nn4j.core.data;

import dev.nn4j.api.ConfigException;
import dev.nn4j.api.Matrix;
import dev.nn4j.core.Dataset;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST: an images file of unsigned bytes (n × rows ×
 * cols, each image flattened into one row of features, values 0..255) and a labels file (n class
 * numbers), gzip-compressed or not. Targets are one-hot.
 *
 * <p>Thread-safety: immutable.
 *
 * @param classes class names in label order, or empty to number them 0..max
 */
public record IdxReader(List<String> classes) {

  private static final int UNSIGNED_BYTE = 0x08;

  /** Copies the class names. */
  public IdxReader {
    classes = List.copyOf(classes);
  }

  /**
   * Reads an images file and its labels file.
   *
   * @param images the images file
   * @param labels the labels file
   * @return the samples and class names
   * @throws ConfigException naming the file if a header is not IDX, the files disagree, or the
   *     data ends early
   */
  public LabelledData read(Path images, Path labels) {
    int[] imageShape = new int[0];
    int[] labelShape;
    float[] pixels;
    byte[] labelBytes;
    DataLimits limits = DataLimits.fromSystemProperties();
    try (DataInputStream in = new DataInputStream(Inputs.open(images))) {
      imageShape = header(in, images);
      if (imageShape.length < 2) {
        throw error(images, "an images file needs at least 2 dimensions, found "
            + imageShape.length);
      }
      long size = 1;
      for (int d : imageShape) {
        size *= d;
      }
      if (size > limits.maxValues()) {
        throw error(images, "the header declares " + describe(imageShape) + " = " + size
            + " values, more than " + limits.maxValues() + "; "
            + DataLimits.raise("maxValues", limits.maxValues()));
      }
      long bytes = Files.size(images);
      if (!compressed(images) && size > bytes - 4L - 4L * imageShape.length) {
        throw error(images, "the header declares " + describe(imageShape) + " = " + size
            + " values, but the file holds only " + bytes + " bytes");
      }
      byte[] raw = new byte[(int) size];
      in.readFully(raw);
      pixels = new float[raw.length];
      for (int i = 0; i < raw.length; i++) {
        pixels[i] = raw[i] & 0xff;
      }
    } catch (EOFException e) {
      throw error(images, "the file ends before its " + describe(imageShape) + " values");
    } catch (IOException e) {
      throw error(images, "cannot read: " + reason(e));
    }
    try (DataInputStream in = new DataInputStream(Inputs.open(labels))) {
      labelShape = header(in, labels);
      if (labelShape.length != 1 || labelShape[0] != imageShape[0]) {
        throw error(labels, "expected " + imageShape[0] + " labels for the " + imageShape[0]
            + " images, found dimensions " + describe(labelShape));
      }
      if (!compressed(labels) && labelShape[0] > Files.size(labels) - 8L) {
        throw error(labels, "the header declares " + labelShape[0] + " labels, but the file "
            + "holds only " + Files.size(labels) + " bytes");
      }
      labelBytes = new byte[labelShape[0]];
      in.readFully(labelBytes);
    } catch (EOFException e) {
      throw error(labels, "the file ends before its labels");
    } catch (IOException e) {
      throw error(labels, "cannot read: " + reason(e));
    }
    int n = imageShape[0];
    int features = pixels.length / n;
    int max = 0;
    for (byte b : labelBytes) {
      max = Math.max(max, b & 0xff);
    }
    List<String> names = new ArrayList<>(classes);
    if (names.isEmpty()) {
      for (int k = 0; k <= max; k++) {
        names.add(String.valueOf(k));
      }
    } else if (max >= names.size()) {
      throw error(labels, "label " + max + " has no class name; classes are " + names);
    }
    if ((long) n * names.size() > limits.maxValues()) {
      throw error(labels, "the one-hot targets of " + n + " images and " + names.size()
          + " classes would hold more than " + limits.maxValues() + " values; "
          + DataLimits.raise("maxValues", limits.maxValues()));
    }
    float[] y = new float[n * names.size()];
    for (int i = 0; i < n; i++) {
      y[i * names.size() + (labelBytes[i] & 0xff)] = 1;
    }
    return new LabelledData(new Dataset(new Matrix(n, features, pixels),
        new Matrix(n, names.size(), y)), names);
  }

  private static int[] header(DataInputStream in, Path file) throws IOException {
    int magic = in.readInt();
    int type = (magic >>> 8) & 0xff;
    int dims = magic & 0xff;
    if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || dims < 1 || dims > 4) {
      throw error(file, String.format("not an IDX file of unsigned bytes (magic 0x%08x)", magic));
    }
    int[] shape = new int[dims];
    for (int d = 0; d < dims; d++) {
      shape[d] = in.readInt();
      if (shape[d] < 1) {
        throw error(file, "dimension " + d + " is " + shape[d]);
      }
    }
    return shape;
  }

  private static boolean compressed(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  private static String reason(IOException e) {
    return e.getMessage() == null ? "input/output error" : e.getMessage();
  }

  private static String describe(int[] shape) {
    StringBuilder sb = new StringBuilder();
    for (int d : shape) {
      sb.append(sb.length() == 0 ? "" : "×").append(d);
    }
    return sb.toString();
  }

  private static ConfigException error(Path file, String problem) {
    return new ConfigException(file.toString(), 0, 0, "", problem, null);
  }
}
