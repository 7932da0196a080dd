package dev.nn4j.core.data;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.NnException;
import dev.nn4j.core.Dataset;
import java.util.SplittableRandom;

/**
 * A dataset split into training, validation and test samples: in a seeded random order, or, with
 * shuffling off, in file order (as Keras's {@code validation_split}: the training samples first,
 * then the validation samples, the test samples last).
 *
 * @param train the samples to train on
 * @param validation the samples to measure after each epoch, or null
 * @param test the samples for the final evaluation, or null
 */
public record Splits(Dataset train, Dataset validation, Dataset test) {

  /**
   * Splits a dataset: the test samples first, then the validation samples, from one seeded
   * permutation; the rest are for training.
   *
   * @param data all samples
   * @param validationFraction fraction for validation, in [0, 1)
   * @param testFraction fraction for testing, in [0, 1)
   * @param seed seed of the permutation
   * @return the splits; a fraction that rounds to no sample gives null
   * @throws NnException if no sample would be left to train on
   */
  public static Splits of(Dataset data, double validationFraction, double testFraction,
      long seed) {
    return of(data, validationFraction, testFraction, seed, true);
  }

  /**
   * Splits a dataset. Shuffled: the test samples first, then the validation samples, from one
   * seeded permutation; the rest are for training. Not shuffled: nothing is reordered; the
   * training samples are the first ones in file order, the validation samples the fraction after
   * them, and the test samples the last fraction (Keras's {@code validation_split} takes the last
   * samples likewise).
   *
   * @param data all samples
   * @param validationFraction fraction for validation, in [0, 1)
   * @param testFraction fraction for testing, in [0, 1)
   * @param seed seed of the permutation; unused when not shuffled
   * @param shuffle whether to permute the samples before splitting
   * @return the splits; a fraction that rounds to no sample gives null
   * @throws NnException if no sample would be left to train on
   */
  public static Splits of(Dataset data, double validationFraction, double testFraction,
      long seed, boolean shuffle) {
    int n = data.size();
    int test = (int) Math.round(n * testFraction);
    int validation = (int) Math.round(n * validationFraction);
    if (test + validation >= n) {
      throw new NnException("splitting " + n + " samples into " + test + " test and "
          + validation + " validation samples leaves none to train on");
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    if (!shuffle) {
      int train = n - validation - test;
      return new Splits(take(data, order, 0, train), take(data, order, train, train + validation),
          take(data, order, train + validation, n));
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return new Splits(take(data, order, test + validation, n), take(data, order, test,
        test + validation), take(data, order, 0, test));
  }

  /**
   * Applies a scaling to the features of every split; the targets are shared.
   *
   * @param scaler the scaling, fitted on the training split
   * @return the scaled splits (null splits stay null)
   */
  public Splits scaled(Scaler scaler) {
    return new Splits(scale(scaler, train), scale(scaler, validation), scale(scaler, test));
  }

  private static Dataset scale(Scaler scaler, Dataset d) {
    return d == null ? null : new Dataset(scaler.apply(d.features()), d.targets());
  }

  private static Dataset take(Dataset data, int[] order, int from, int to) {
    if (to <= from) {
      return null;
    }
    return new Dataset(rows(data.features(), order, from, to), rows(data.targets(), order, from,
        to));
  }

  private static Matrix rows(Matrix m, int[] order, int from, int to) {
    int cols = m.cols();
    float[] out = new float[(to - from) * cols];
    for (int i = from; i < to; i++) {
      System.arraycopy(m.data(), order[i] * cols, out, (i - from) * cols, cols);
    }
    return new Matrix(to - from, cols, out);
  }
}
