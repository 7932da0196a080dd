package dev.nn4j.core;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.spi.Loss;

/**
 * A network's loss and, for classifiers, accuracy on a dataset.
 *
 * <p>Accuracy counts a sample as correct when the predicted class equals the target's class: the
 * largest output (argmax) for several outputs, the output rounded at 0.5 for a single one.
 *
 * @param loss the mean loss over the samples
 * @param accuracy the fraction of samples classified correctly, in [0, 1]
 */
public record Evaluation(double loss, double accuracy) {

  /**
   * Evaluates a network on a dataset.
   *
   * @param network the network
   * @param loss the cost to report
   * @param data the samples
   * @return loss and accuracy
   */
  public static Evaluation of(Network network, Loss loss, Dataset data) {
    Matrix predictions = network.predict(data.features());
    double value = loss.value(predictions, data.targets());
    int correct = 0;
    for (int r = 0; r < data.size(); r++) {
      if (classOf(predictions, r) == classOf(data.targets(), r)) {
        correct++;
      }
    }
    return new Evaluation(value, (double) correct / data.size());
  }

  /**
   * Returns the class a row stands for: the index of its largest value, or for a single column
   * 1 if the value is at least 0.5, else 0.
   *
   * @param m predictions or one-hot targets
   * @param row the row
   */
  public static int classOf(Matrix m, int row) {
    int cols = m.cols();
    float[] d = m.data();
    if (cols == 1) {
      return d[row] >= 0.5f ? 1 : 0;
    }
    int best = 0;
    for (int c = 1; c < cols; c++) {
      if (d[row * cols + c] > d[row * cols + best]) {
        best = c;
      }
    }
    return best;
  }
}
