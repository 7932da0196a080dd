package dev.nn4j.core;

import dev.nn4j.api.Matrix;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Counts of (true class, predicted class) over a set of samples, and the classification metrics
 * derived from it. Classes are read with {@link Evaluation#classOf}: the largest output of a row,
 * or a single output thresholded at 0.5.
 *
 * <p>Thread-safety: immutable.
 */
public final class ConfusionMatrix {

  private final int[][] counts;

  private ConfusionMatrix(int[][] counts) {
    this.counts = counts;
  }

  /**
   * Counts predictions against targets.
   *
   * @param predictions network outputs, one row per sample
   * @param targets one-hot targets (or a 0/1 column), same shape; or, for several outputs, one
   *     column of class indices (a sparse loss's targets)
   * @return the matrix
   */
  public static ConfusionMatrix of(Matrix predictions, Matrix targets) {
    boolean indices = targets.cols() == 1 && predictions.cols() > 1;
    if (!indices) {
      predictions.requireSameShape("predictions", "targets", targets);
    }
    int k = Math.max(2, predictions.cols());
    int[][] counts = new int[k][k];
    for (int r = 0; r < targets.rows(); r++) {
      int actual = indices ? (int) targets.data()[r] : Evaluation.classOf(targets, r);
      if (actual < 0 || actual >= k || actual != targets.data()[r] && indices) {
        throw new dev.nn4j.api.ShapeException("target " + targets.data()[r] + " of row " + r
            + " is not a class index in [0, " + k + ")");
      }
      counts[actual][Evaluation.classOf(predictions, r)]++;
    }
    return new ConfusionMatrix(counts);
  }

  /** Returns the number of classes. */
  public int classes() {
    return counts.length;
  }

  /** Returns how many samples of class {@code actual} were predicted as {@code predicted}. */
  public int count(int actual, int predicted) {
    return counts[actual][predicted];
  }

  /** Returns the fraction predicted correctly. */
  public double accuracy() {
    int correct = 0;
    int total = 0;
    for (int i = 0; i < counts.length; i++) {
      correct += counts[i][i];
      total += Arrays.stream(counts[i]).sum();
    }
    return total == 0 ? 0 : (double) correct / total;
  }

  /** Returns TP/(TP + FP) of class k, 0 when nothing was predicted as k. */
  public double precision(int k) {
    int predicted = 0;
    for (int[] row : counts) {
      predicted += row[k];
    }
    return predicted == 0 ? 0 : (double) counts[k][k] / predicted;
  }

  /** Returns TP/(TP + FN) of class k, 0 when class k never occurs. */
  public double recall(int k) {
    int actual = Arrays.stream(counts[k]).sum();
    return actual == 0 ? 0 : (double) counts[k][k] / actual;
  }

  /** Returns the harmonic mean of precision and recall of class k, 0 when both are 0. */
  public double f1(int k) {
    double p = precision(k);
    double r = recall(k);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Returns the unweighted mean of the classes' F1. */
  public double macroF1() {
    double sum = 0;
    for (int k = 0; k < counts.length; k++) {
      sum += f1(k);
    }
    return sum / counts.length;
  }

  /**
   * Formats the matrix as an aligned table, rows the true classes and columns the predicted
   * ones, followed by each class's precision, recall and F1.
   *
   * @param names class names, or empty to number them
   * @return the table, lines separated by '\n'
   */
  public String toTable(List<String> names) {
    String[] labels = new String[counts.length];
    int width = "actual \\ predicted".length();
    for (int k = 0; k < counts.length; k++) {
      labels[k] = k < names.size() ? names.get(k) : String.valueOf(k);
      width = Math.max(width, labels[k].length());
    }
    int cell = 9;
    for (String label : labels) {
      cell = Math.max(cell, label.length() + 1);
    }
    StringBuilder sb = new StringBuilder(pad("actual \\ predicted", width));
    for (String label : labels) {
      sb.append(leftPad(label, cell));
    }
    sb.append(leftPad("precision", 10)).append(leftPad("recall", 8)).append(leftPad("f1", 8))
        .append('\n');
    for (int i = 0; i < counts.length; i++) {
      sb.append(pad(labels[i], width));
      for (int j = 0; j < counts.length; j++) {
        sb.append(leftPad(String.valueOf(counts[i][j]), cell));
      }
      sb.append(String.format(Locale.ROOT, "%10.4f%8.4f%8.4f%n", precision(i),
          recall(i), f1(i)));
    }
    return sb.toString();
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  private static String leftPad(String s, int width) {
    return " ".repeat(Math.max(1, width - s.length())) + s;
  }
}
