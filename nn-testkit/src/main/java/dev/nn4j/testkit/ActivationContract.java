package dev.nn4j.testkit;

import static dev.nn4j.testkit.Numerics.assertClose;
import static dev.nn4j.testkit.Numerics.assertFinite;
import static dev.nn4j.testkit.Numerics.assertUnchanged;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.spi.Activation;
import dev.nn4j.api.spi.ActivationProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract of an {@link ActivationProvider}: besides the {@linkplain PluginContract common
 * checks}, {@code backward} is the vector-Jacobian product of {@code forward}, checked against
 * central differences on seeded inputs of several magnitudes (up to 60, where the function is
 * finite) and batch sizes, for the defaults and every {@linkplain #parameterSets() parameter
 * set}; inputs are never modified; outputs are finite for finite inputs, however large; views
 * whose arrays are longer than rows × cols are neither read nor written past their end; threads
 * with their own inputs compute what one thread does.
 */
public abstract class ActivationContract extends PluginContract {

  private static final int COLUMNS = 5;
  private static final int POINTS_PER_CASE = 100;
  private static final double[] MAGNITUDES = {1, 5, 30, 60};
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

  /**
   * backward(z, a, g) equals Σ_j g_j·∂a_j/∂z_i by central differences, row by row, for {@link
   * #activation()} and a component of every {@linkplain #parameterSets() parameter set}.
   */
  @Test
  public void backwardMatchesCentralDifferences() {
    backwardMatchesCentralDifferences(activation(), "");
    for (Record parameters : parameterSets()) {
      backwardMatchesCentralDifferences(create(provider(), parameters), " with " + parameters);
    }
  }

  private void backwardMatchesCentralDifferences(Activation f, String with) {
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
            if (!Double.isFinite(expected)) {
              continue; // not finite there: no derivative to check
            }
            assertClose("backward (vector-Jacobian product) of " + provider().name() + with,
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

  /**
   * forward and backward on views whose arrays are longer than rows × cols (as the trainer's
   * reused workspaces are on the last batch of an epoch) give the exact-size results, read
   * nothing past the views (input tails are NaN) and write nothing there.
   */
  @Test
  public void paddedViewsAreNeitherReadNorWrittenPastTheirEnd() {
    Activation f = activation();
    SplittableRandom random = new SplittableRandom(17);
    Matrix z = awayFromKinks(Numerics.uniform(random, 3, COLUMNS, -4, 4));
    Matrix gradA = Numerics.uniform(random, 3, COLUMNS, -1, 1);
    Matrix a = Matrix.zeros(3, COLUMNS);
    f.forward(z, a);
    Matrix gradZ = Matrix.zeros(3, COLUMNS);
    f.backward(z, a, gradA, gradZ);
    Matrix zPad = Numerics.padded(z, Float.NaN);
    Matrix aPad = Numerics.padded(Matrix.zeros(3, COLUMNS), Numerics.TAIL);
    String name = provider().name();
    f.forward(zPad, aPad);
    Numerics.assertTailUntouched("forward of " + name, "a", aPad, Numerics.TAIL);
    Numerics.assertSameView("forward of " + name, "a", a, aPad);
    Matrix aIn = Numerics.padded(a, Float.NaN);
    Matrix gradZPad = Numerics.padded(Matrix.zeros(3, COLUMNS), Numerics.TAIL);
    f.backward(zPad, aIn, Numerics.padded(gradA, Float.NaN), gradZPad);
    Numerics.assertTailUntouched("backward of " + name, "gradZ", gradZPad, Numerics.TAIL);
    Numerics.assertSameView("backward of " + name, "gradZ", gradZ, gradZPad);
  }

  /**
   * Components of one provider, used from several threads at once, each thread with its own
   * seeded inputs, compute what one thread does with those inputs: a component that keeps
   * intermediate values in a field fails.
   */
  @Test
  public void componentsAreIndependentAndThreadSafe() {
    int threads = 4;
    List<Matrix[]> inputs = new ArrayList<>();
    List<float[]> sequential = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      SplittableRandom random = new SplittableRandom(11 + t);
      Matrix z = awayFromKinks(Numerics.uniform(random, 8, COLUMNS, -4, 4));
      Matrix gradA = Numerics.uniform(random, 8, COLUMNS, -1, 1);
      inputs.add(new Matrix[] {z, gradA});
      sequential.add(forwardBackward(activation(), z, gradA));
    }
    Activation shared = activation();
    Numerics.assertEachThreadMatches("forward/backward of " + provider().name()
        + " from 4 threads, each with its own component", sequential,
        Numerics.inThreads(threads, t -> repeat(activation(), inputs.get(t)[0],
            inputs.get(t)[1])));
    Numerics.assertEachThreadMatches("forward/backward of " + provider().name()
        + " from 4 threads sharing one component", sequential,
        Numerics.inThreads(threads, t -> repeat(shared, inputs.get(t)[0], inputs.get(t)[1])));
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
