package dev.nn4j.testkit;

import static dev.nn4j.testkit.Numerics.assertClose;
import static dev.nn4j.testkit.Numerics.assertFinite;
import static dev.nn4j.testkit.Numerics.assertUnchanged;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.spi.Activation;
import dev.nn4j.api.spi.ActivationProvider;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract of an {@link ActivationProvider}: besides the {@linkplain PluginContract common
 * checks}, {@code backward} is the vector-Jacobian product of {@code forward}, checked against
 * central differences on seeded inputs of several magnitudes and batch sizes; inputs are never
 * modified; outputs are finite for finite inputs, however large.
 */
public abstract class ActivationContract extends PluginContract {

  private static final int COLUMNS = 5;
  private static final int POINTS_PER_CASE = 100;
  private static final double[] MAGNITUDES = {1, 5, 30};
  private static final int[] BATCHES = {1, 4};

  @Override
  protected abstract ActivationProvider<?> provider();

  @Override
  protected final Class<?> serviceType() {
    return ActivationProvider.class;
  }

  /** Points where the activation is not differentiable (0 for relu); inputs stay away from them. */
  protected double[] kinks() {
    return new double[0];
  }

  /** Returns a component created from the default parameters. */
  protected Activation activation() {
    return createDefault(provider());
  }

  /** backward(z, a, g) equals Σ_j g_j·∂a_j/∂z_i by central differences, row by row. */
  @Test
  public void backwardMatchesCentralDifferences() {
    Activation f = activation();
    SplittableRandom random = new SplittableRandom(20261122);
    for (double magnitude : MAGNITUDES) {
      for (int batch : BATCHES) {
        int checked = 0;
        while (checked < POINTS_PER_CASE) {
          Matrix z = awayFromKinks(Numerics.uniform(random, batch, COLUMNS, -magnitude, magnitude));
          Matrix gradA = Numerics.uniform(random, batch, COLUMNS, -1, 1);
          Matrix a = Matrix.zeros(batch, COLUMNS);
          f.forward(z, a);
          Matrix gradZ = Matrix.zeros(batch, COLUMNS);
          f.backward(z, a, gradA, gradZ);
          for (int i = 0; i < z.size(); i++) {
            double expected = numericVjp(f, z, gradA, i);
            assertClose("backward (vector-Jacobian product) of " + provider().name(),
                "z=" + Arrays.toString(z.row(i / COLUMNS)) + " (element " + i % COLUMNS
                    + " of row " + i / COLUMNS + "), upstream gradient "
                    + Arrays.toString(gradA.row(i / COLUMNS)),
                expected, gradZ.data()[i], 2e-4, 2e-3);
            checked++;
          }
        }
      }
    }
  }

  /** forward and backward leave z, a and the upstream gradient as they were. */
  @Test
  public void inputsAreNotModified() {
    Activation f = activation();
    SplittableRandom random = new SplittableRandom(7);
    Matrix z = awayFromKinks(Numerics.uniform(random, 3, COLUMNS, -3, 3));
    Matrix zCopy = z.copy();
    Matrix a = Matrix.zeros(3, COLUMNS);
    f.forward(z, a);
    assertUnchanged("forward of " + provider().name(), "z", zCopy, z);
    Matrix aCopy = a.copy();
    Matrix gradA = Numerics.uniform(random, 3, COLUMNS, -1, 1);
    Matrix gradACopy = gradA.copy();
    f.backward(z, a, gradA, Matrix.zeros(3, COLUMNS));
    assertUnchanged("backward of " + provider().name(), "z", zCopy, z);
    assertUnchanged("backward of " + provider().name(), "a", aCopy, a);
    assertUnchanged("backward of " + provider().name(), "gradA", gradACopy, gradA);
  }

  /** Finite inputs as large as ±1e4 give finite outputs and gradients. */
  @Test
  public void extremeInputsGiveFiniteOutputs() {
    Activation f = activation();
    Matrix z = Matrix.of(new float[] {-1e4f, -100, 0, 100, 1e4f});
    Matrix a = Matrix.zeros(1, 5);
    f.forward(z, a);
    assertFinite("forward of " + provider().name(), "z=" + Arrays.toString(z.data()), a);
    Matrix gradZ = Matrix.zeros(1, 5);
    f.backward(z, a, Matrix.of(new float[] {1, 1, 1, 1, 1}), gradZ);
    assertFinite("backward of " + provider().name(), "z=" + Arrays.toString(z.data()), gradZ);
  }

  /**
   * Σ_j g_j·∂a_j/∂z_i over the row of element i by central differences in double, refined by
   * Richardson extrapolation (4·D(h/2) − D(h))/3 so that the step may be large enough for float
   * round-off to vanish while the truncation error stays O(h⁴).
   */
  private static double numericVjp(Activation f, Matrix z, Matrix gradA, int i) {
    double h = 1e-2 * Math.max(1, Math.abs(z.data()[i]));
    return (4 * centralDifference(f, z, gradA, i, h / 2) - centralDifference(f, z, gradA, i, h))
        / 3;
  }

  private static double centralDifference(Activation f, Matrix z, Matrix gradA, int i, double h) {
    int cols = z.cols();
    int row = i / cols;
    float zi = z.data()[i];
    Matrix plus = z.copy();
    plus.data()[i] = (float) (zi + h);
    Matrix minus = z.copy();
    minus.data()[i] = (float) (zi - h);
    Matrix aPlus = Matrix.zeros(z.rows(), cols);
    Matrix aMinus = Matrix.zeros(z.rows(), cols);
    f.forward(plus, aPlus);
    f.forward(minus, aMinus);
    double sum = 0;
    for (int j = row * cols; j < (row + 1) * cols; j++) {
      sum += gradA.data()[j] * ((double) aPlus.data()[j] - aMinus.data()[j]);
    }
    return sum / ((double) plus.data()[i] - minus.data()[i]);
  }

  /** Moves values that lie within the difference step of a kink a little away from it. */
  private Matrix awayFromKinks(Matrix z) {
    for (int i = 0; i < z.size(); i++) {
      for (double kink : kinks()) {
        double margin = 0.05 * Math.max(1, Math.abs(kink));
        if (Math.abs(z.data()[i] - kink) < margin) {
          z.data()[i] = (float) (kink + (z.data()[i] < kink ? -margin : margin));
        }
      }
    }
    return z;
  }

  /** Components of one provider, used from several threads at once, compute what one thread does. */
  @Test
  public void componentsAreIndependentAndThreadSafe() {
    Matrix z = awayFromKinks(Numerics.uniform(new SplittableRandom(11), 8, COLUMNS, -4, 4));
    Matrix gradA = Numerics.uniform(new SplittableRandom(12), 8, COLUMNS, -1, 1);
    float[] sequential = forwardBackward(activation(), z, gradA);
    Activation shared = activation();
    Numerics.assertSameInEveryThread("forward/backward of " + provider().name()
        + " from 4 threads, each with its own component", sequential,
        Numerics.inThreads(4, () -> repeat(activation(), z, gradA)));
    Numerics.assertSameInEveryThread("forward/backward of " + provider().name()
        + " from 4 threads sharing one component", sequential,
        Numerics.inThreads(4, () -> repeat(shared, z, gradA)));
  }

  private static float[] repeat(Activation f, Matrix z, Matrix gradA) {
    float[] last = null;
    for (int i = 0; i < 200; i++) {
      last = forwardBackward(f, z, gradA);
    }
    return last;
  }

  /** The outputs followed by the input gradients, in fresh arrays. */
  private static float[] forwardBackward(Activation f, Matrix z, Matrix gradA) {
    Matrix a = Matrix.zeros(z.rows(), z.cols());
    f.forward(z, a);
    Matrix gradZ = Matrix.zeros(z.rows(), z.cols());
    f.backward(z, a, gradA, gradZ);
    float[] both = Arrays.copyOf(a.data(), 2 * a.size());
    System.arraycopy(gradZ.data(), 0, both, a.size(), a.size());
    return both;
  }
}
