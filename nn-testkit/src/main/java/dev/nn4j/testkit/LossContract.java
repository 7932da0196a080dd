package dev.nn4j.testkit;

import static dev.nn4j.testkit.Numerics.assertClose;
import static dev.nn4j.testkit.Numerics.assertUnchanged;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.spi.Activation;
import dev.nn4j.api.spi.ActivationProvider;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.api.spi.LossProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link LossProvider}: besides the {@linkplain PluginContract common checks},
 * {@code gradient} is the derivative of {@code value} (including its 1/batch factor), checked
 * against central differences on seeded predictions and targets for batch sizes 1 and several;
 * inputs are never modified; predictions of exactly 0 and 1 give a finite value and gradient.
 */
public abstract class LossContract extends PluginContract {

  private static final int COLUMNS = 3;
  private static final int POINTS_PER_CASE = 100;
  private static final int[] BATCHES = {1, 5};

  @Override
  protected abstract LossProvider<?> provider();

  @Override
  protected final Class<?> serviceType() {
    return LossProvider.class;
  }

  /** Returns a component created from the default parameters. */
  protected Loss loss() {
    return createDefault(provider());
  }

  /** Predictions to check the gradient at; by default uniform in [0.05, 0.95]. */
  protected Matrix predictions(SplittableRandom random, int rows, int cols) {
    return Numerics.uniform(random, rows, cols, 0.05, 0.95);
  }

  /** Targets to check the gradient at; by default uniform in [0, 1]. */
  protected Matrix targets(SplittableRandom random, int rows, int cols) {
    return Numerics.uniform(random, rows, cols, 0, 1);
  }

  /**
   * Whether the loss is differentiable near (s, y); the gradient check skips elements where it is
   * not (|s − y| = 0 for mae, say). Default: everywhere.
   */
  protected boolean smoothAt(float prediction, float target) {
    return true;
  }

  /**
   * gradient(s, y) equals ∂value/∂s by central differences, element by element, for {@link
   * #loss()} and a component of every {@linkplain #parameterSets() parameter set}. A gradient
   * off by exactly the batch size is reported as a missing 1/n factor.
   */
  @Test
  public void gradientMatchesCentralDifferences() {
    gradientMatchesCentralDifferences(loss(), "");
    for (Record parameters : parameterSets()) {
      gradientMatchesCentralDifferences(create(provider(), parameters), " with " + parameters);
    }
  }

  private void gradientMatchesCentralDifferences(Loss loss, String with) {
    SplittableRandom random = new SplittableRandom(20261122);
    for (int batch : BATCHES) {
      int checked = 0;
      while (checked < POINTS_PER_CASE) {
        Matrix s = predictions(random, batch, COLUMNS);
        Matrix y = targets(random, batch, COLUMNS);
        Matrix gradient = Matrix.zeros(batch, COLUMNS);
        loss.gradient(s, y, gradient);
        for (int i = 0; i < s.size(); i++) {
          float si = s.data()[i];
          // a sparse loss's target is the row's class index
          float yi = y.cols() == s.cols() ? y.data()[i] : y.data()[i / COLUMNS];
          if (!smoothAt(si, yi)) {
            continue;
          }
          float h = 1e-3f;
          Matrix plus = s.copy();
          plus.data()[i] = si + h;
          Matrix minus = s.copy();
          minus.data()[i] = si - h;
          double expected = (loss.value(plus, y) - loss.value(minus, y))
              / ((double) plus.data()[i] - minus.data()[i]);
          double ratio = gradient.data()[i] / expected;
          if (batch > 1 && Math.abs(expected) > 1e-6 && Math.abs(ratio - batch) < 1e-2 * batch) {
            throw new AssertionError("gradient of " + provider().name() + with + " is "
                + String.format(java.util.Locale.ROOT, "%.4g", ratio)
                + " times ∂value/∂s on a batch of " + batch + " rows: the 1/n factor looks"
                + " missing (value is a mean over the batch, so its gradient is too)");
          }
          assertClose("gradient of " + provider().name() + with,
              "predictions " + Arrays.toString(s.row(i / COLUMNS)) + ", targets "
                  + Arrays.toString(y.row(i / COLUMNS)) + " (element " + i % COLUMNS + " of row "
                  + i / COLUMNS + " of " + batch + ")",
              expected, gradient.data()[i], 1e-5, 2e-3);
          checked++;
        }
      }
    }
  }

  /** value and gradient leave predictions and targets as they were. */
  @Test
  public void inputsAreNotModified() {
    Loss loss = loss();
    SplittableRandom random = new SplittableRandom(7);
    Matrix s = predictions(random, 2, COLUMNS);
    Matrix y = targets(random, 2, COLUMNS);
    Matrix sCopy = s.copy();
    Matrix yCopy = y.copy();
    loss.value(s, y);
    loss.gradient(s, y, Matrix.zeros(2, COLUMNS));
    assertUnchanged("value/gradient of " + provider().name(), "predictions", sCopy, s);
    assertUnchanged("value/gradient of " + provider().name(), "targets", yCopy, y);
  }

  /** Predictions of exactly 0 and 1, against targets 0 and 1, give finite results. */
  @Test
  public void extremePredictionsGiveFiniteResults() {
    Loss loss = loss();
    Matrix s = Matrix.of(new float[] {0, 1, 0}, new float[] {1, 0, 0});
    Matrix y = sparseIfAsked(loss, Matrix.of(new float[] {1, 0, 0}, new float[] {0, 1, 0}));
    double value = loss.value(s, y);
    if (!Double.isFinite(value)) {
      throw new AssertionError("value of " + provider().name() + " at predictions " + s
          + ", targets " + y + " is " + value);
    }
    Matrix gradient = Matrix.zeros(2, 3);
    loss.gradient(s, y, gradient);
    Numerics.assertFinite("gradient of " + provider().name(), "predictions " + s, gradient);
  }

  /**
   * Where the loss {@linkplain Loss#fusesWith fuses} with an activation installed on the test
   * class path, its fused gradient equals the chain rule through that activation: {@code
   * backward(z, a, gradient(a, y))}.
   */
  @Test
  public void fusedGradientEqualsTheChainRule() {
    Loss loss = loss();
    SplittableRandom random = new SplittableRandom(5);
    for (ActivationProvider<?> provider : ServiceLoader.load(ActivationProvider.class,
        getClass().getClassLoader())) {
      Activation f = createDefault(provider);
      if (f.link().isEmpty() || !loss.fusesWith(f.link().get())) {
        continue;
      }
      Matrix z = Numerics.uniform(random, 4, COLUMNS, -3, 3);
      Matrix a = Matrix.zeros(4, COLUMNS);
      f.forward(z, a);
      Matrix y = targets(random, 4, COLUMNS);
      Matrix gradA = Matrix.zeros(4, COLUMNS);
      loss.gradient(a, y, gradA);
      Matrix chain = Matrix.zeros(4, COLUMNS);
      f.backward(z, a, gradA, chain);
      Matrix fused = Matrix.zeros(4, COLUMNS);
      loss.fusedGradient(a, y, fused);
      for (int i = 0; i < chain.size(); i++) {
        assertClose("fused gradient of " + provider().name() + " with " + provider.name(),
            "z " + Arrays.toString(z.row(i / COLUMNS)) + ", targets "
                + Arrays.toString(y.row(i / COLUMNS)), chain.data()[i], fused.data()[i],
            1e-5, 1e-3);
      }
    }
  }

  /**
   * Returns one-hot targets as the loss takes them: unchanged, or as one column of class indices
   * where {@link Loss#targetColumns} is 1.
   */
  static Matrix sparseIfAsked(Loss loss, Matrix oneHot) {
    if (loss.targetColumns(oneHot.cols()) == oneHot.cols()) {
      return oneHot;
    }
    Matrix indices = Matrix.zeros(oneHot.rows(), 1);
    for (int r = 0; r < oneHot.rows(); r++) {
      for (int c = 0; c < oneHot.cols(); c++) {
        if (oneHot.get(r, c) == 1f) {
          indices.data()[r] = c;
        }
      }
    }
    return indices;
  }

  /**
   * value, gradient and fused gradient on views whose arrays are longer than rows × cols (as the
   * trainer's reused workspaces are on the last batch of an epoch) give the exact-size results,
   * read nothing past the views (input tails are NaN) and write nothing there.
   */
  @Test
  public void paddedViewsAreNeitherReadNorWrittenPastTheirEnd() {
    Loss loss = loss();
    SplittableRandom random = new SplittableRandom(19);
    Matrix s = predictions(random, 3, COLUMNS);
    Matrix y = targets(random, 3, COLUMNS);
    Matrix gradient = Matrix.zeros(3, COLUMNS);
    loss.gradient(s, y, gradient);
    Matrix sPad = Numerics.padded(s, Float.NaN);
    Matrix yPad = Numerics.padded(y, Float.NaN);
    String name = provider().name();
    double value = loss.value(s, y);
    double padded = loss.value(sPad, yPad);
    if (Double.doubleToLongBits(value) != Double.doubleToLongBits(padded)) {
      throw new AssertionError("value of " + name + " is " + padded + " on views whose arrays"
          + " are longer than rows × cols (tail NaN) but " + value + " on exact-size arrays; it"
          + " reads past the view: loop to size(), not data().length");
    }
    Matrix gradientPad = Numerics.padded(Matrix.zeros(3, COLUMNS), Numerics.TAIL);
    loss.gradient(sPad, yPad, gradientPad);
    Numerics.assertTailUntouched("gradient of " + name, "gradient", gradientPad, Numerics.TAIL);
    Numerics.assertSameView("gradient of " + name, "gradient", gradient, gradientPad);
    for (ActivationProvider<?> provider : ServiceLoader.load(ActivationProvider.class,
        getClass().getClassLoader())) {
      var link = createDefault(provider).link();
      if (link.isPresent() && loss.fusesWith(link.get())) {
        Matrix fused = Matrix.zeros(3, COLUMNS);
        loss.fusedGradient(s, y, fused);
        Matrix fusedPad = Numerics.padded(Matrix.zeros(3, COLUMNS), Numerics.TAIL);
        loss.fusedGradient(sPad, yPad, fusedPad);
        Numerics.assertTailUntouched("fused gradient of " + name, "gradZ", fusedPad,
            Numerics.TAIL);
        Numerics.assertSameView("fused gradient of " + name, "gradZ", fused, fusedPad);
        break;
      }
    }
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
      SplittableRandom random = new SplittableRandom(13 + t);
      Matrix s = predictions(random, 6, COLUMNS);
      Matrix y = targets(random, 6, COLUMNS);
      inputs.add(new Matrix[] {s, y});
      sequential.add(valueAndGradient(loss(), s, y));
    }
    Loss shared = loss();
    Numerics.assertEachThreadMatches("value/gradient of " + provider().name()
        + " from 4 threads, each with its own component", sequential,
        Numerics.inThreads(threads, t -> repeat(loss(), inputs.get(t)[0], inputs.get(t)[1])));
    Numerics.assertEachThreadMatches("value/gradient of " + provider().name()
        + " from 4 threads sharing one component", sequential,
        Numerics.inThreads(threads, t -> repeat(shared, inputs.get(t)[0], inputs.get(t)[1])));
  }

  private static float[] repeat(Loss loss, Matrix s, Matrix y) {
    float[] last = null;
    for (int i = 0; i < 200; i++) {
      last = valueAndGradient(loss, s, y);
    }
    return last;
  }

  /** The gradient followed by the value (as a float), in a fresh array. */
  private static float[] valueAndGradient(Loss loss, Matrix s, Matrix y) {
    Matrix g = Matrix.zeros(s.rows(), s.cols());
    loss.gradient(s, y, g);
    float[] out = Arrays.copyOf(g.data(), g.size() + 1);
    out[g.size()] = (float) loss.value(s, y);
    return out;
  }
}
