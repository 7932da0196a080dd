package dev.nn4j.testkit;

import dev.nn4j.api.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
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

  /** Runs the task on {@code threads} threads at once and returns each thread's result. */
  static <T> List<T> inThreads(int threads, Callable<T> task) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(task));
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

  /** Fails unless every thread's result equals the sequential one, bit for bit. */
  static void assertSameInEveryThread(String check, float[] sequential, List<float[]> results) {
    for (int t = 0; t < results.size(); t++) {
      if (!Arrays.equals(sequential, results.get(t))) {
        throw new AssertionError(check + ": thread " + t + " computed "
            + Arrays.toString(results.get(t)) + " but one thread alone computes "
            + Arrays.toString(sequential));
      }
    }
  }
}
