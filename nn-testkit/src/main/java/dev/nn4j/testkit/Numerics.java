package dev.nn4j.testkit;

import dev.nn4j.api.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
      throw new AssertionError(check + " modified its input " + what + ": it was "
          + Arrays.toString(before.data()) + " and became " + Arrays.toString(after.data()));
    }
  }

  /**
   * Runs the task on {@code threads} threads at once, passing each its index, and returns each
   * thread's result in index order.
   */
  static <T> List<T> inThreads(int threads, java.util.function.IntFunction<T> task) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int index = t;
        futures.add(pool.submit(() -> task.apply(index)));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } catch (ExecutionException e) {
      throw new AssertionError("a thread failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Fails unless thread t's result equals {@code expected.get(t)}, bit for bit. */
  static void assertEachThreadMatches(String check, List<float[]> expected,
      List<float[]> results) {
    for (int t = 0; t < results.size(); t++) {
      if (!Arrays.equals(expected.get(t), results.get(t))) {
        throw new AssertionError(check + ": thread " + t + " computed "
            + Arrays.toString(results.get(t)) + " from its own inputs, but one thread alone"
            + " computes " + Arrays.toString(expected.get(t)) + " from them; does the component"
            + " keep intermediate values in a field?");
      }
    }
  }

  /** Sentinel written into the tails of output arrays, to see whether a component writes there. */
  static final float TAIL = -12345.5f;

  /** Extra elements behind each padded view, as the trainer's reused workspaces have. */
  static final int PADDING = 7;

  /**
   * Returns a copy of {@code m} as a view of a longer array, its tail filled with {@code tail}:
   * NaN for inputs (a component that reads them spoils its results), {@link #TAIL} for outputs.
   */
  static Matrix padded(Matrix m, float tail) {
    float[] data = new float[m.size() + PADDING];
    System.arraycopy(m.data(), 0, data, 0, m.size());
    Arrays.fill(data, m.size(), data.length, tail);
    return new Matrix(m.rows(), m.cols(), data);
  }

  /** Fails unless the padded view's tail still holds {@code tail}, bit for bit. */
  static void assertTailUntouched(String check, String what, Matrix m, float tail) {
    for (int i = m.size(); i < m.data().length; i++) {
      if (Float.floatToRawIntBits(m.data()[i]) != Float.floatToRawIntBits(tail)) {
        throw new AssertionError(check + " wrote " + m.data()[i] + " into element " + i + " of "
            + what + "'s array, past the end of its " + m.shape() + " view (" + m.size()
            + " elements); a view's array may be longer than rows × cols: loop to size(), not"
            + " data().length");
      }
    }
  }

  /** Fails unless the padded view's elements equal the exact-size result, bit for bit. */
  static void assertSameView(String check, String what, Matrix exact, Matrix padded) {
    for (int i = 0; i < exact.size(); i++) {
      if (Float.floatToIntBits(exact.data()[i]) != Float.floatToIntBits(padded.data()[i])) {
        throw new AssertionError(check + " gave " + what + " element " + i + " = "
            + padded.data()[i] + " on a view whose array is longer than rows × cols (tail NaN),"
            + " but " + exact.data()[i] + " on an exact-size array; it reads past the view:"
            + " loop to size(), not data().length");
      }
    }
  }


}
