package dev.nn4j.losses;

import dev.nn4j.api.Link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.ShapeException;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.api.spi.LossProvider;
import dev.nn4j.testkit.LossContract;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every built-in loss passes the kit's contract and gives the textbook values. */
class LossesTest {

  @Nested
  class SquaredError extends LossContract {
    @Override
    protected LossProvider<?> provider() {
      return new SquaredErrorProvider();
    }
  }

  @Nested
  class Mse extends LossContract {
    @Override
    protected LossProvider<?> provider() {
      return new MseProvider();
    }
  }

  @Nested
  class BinaryCrossEntropy extends LossContract {
    @Override
    protected LossProvider<?> provider() {
      return new BinaryCrossEntropyProvider();
    }
  }

  @Nested
  class CategoricalCrossEntropy extends LossContract {
    @Override
    protected LossProvider<?> provider() {
      return new CategoricalCrossEntropyProvider();
    }

    /** One-hot rows, as classification targets are. */
    @Override
    protected Matrix targets(SplittableRandom random, int rows, int cols) {
      Matrix y = Matrix.zeros(rows, cols);
      for (int r = 0; r < rows; r++) {
        y.data()[r * cols + random.nextInt(cols)] = 1;
      }
      return y;
    }
  }

  @Nested
  class Mae extends LossContract {
    @Override
    protected LossProvider<?> provider() {
      return new MaeProvider();
    }

    @Override
    protected boolean smoothAt(float prediction, float target) {
      return Math.abs(prediction - target) > 1e-2;
    }
  }

  @Nested
  class Huber extends LossContract {
    @Override
    protected LossProvider<?> provider() {
      return new HuberProvider();
    }

    @Override
    protected Record nonDefaultParameters() {
      return new HuberProvider.Parameters(0.25);
    }
  }

  /** Huber with a small delta, so that the linear part is checked too. */
  @Nested
  class HuberWithSmallDelta extends LossContract {
    @Override
    protected LossProvider<?> provider() {
      return new HuberProvider();
    }

    @Override
    protected Loss loss() {
      return new HuberProvider().create(new HuberProvider.Parameters(0.2));
    }

    @Override
    protected boolean smoothAt(float prediction, float target) {
      return Math.abs(Math.abs(prediction - target) - 0.2f) > 1e-2;
    }
  }

  @Nested
  class Hinge extends LossContract {
    @Override
    protected LossProvider<?> provider() {
      return new HingeProvider();
    }

    @Override
    protected boolean smoothAt(float prediction, float target) {
      return Math.abs(1 - (2 * target - 1) * prediction) > 1e-2;
    }
  }

  @Nested
  class KlDivergence extends LossContract {
    @Override
    protected LossProvider<?> provider() {
      return new KlDivergenceProvider();
    }
  }

  @Nested
  class SparseCategoricalCrossEntropy extends LossContract {
    @Override
    protected LossProvider<?> provider() {
      return new SparseCategoricalCrossEntropyProvider();
    }

    /** One column of class indices. */
    @Override
    protected Matrix targets(SplittableRandom random, int rows, int cols) {
      Matrix y = Matrix.zeros(rows, 1);
      for (int r = 0; r < rows; r++) {
        y.data()[r] = random.nextInt(cols);
      }
      return y;
    }
  }

  @Nested
  class Poisson extends LossContract {
    @Override
    protected LossProvider<?> provider() {
      return new PoissonProvider();
    }
  }

  @Nested
  class LogCosh extends LossContract {
    @Override
    protected LossProvider<?> provider() {
      return new LogCoshProvider();
    }
  }

  @Nested
  class CosineSimilarity extends LossContract {
    @Override
    protected LossProvider<?> provider() {
      return new CosineSimilarityProvider();
    }
  }

  private static final Matrix S = Matrix.of(new float[] {0.2f, 0.9f}, new float[] {0.6f, 0.1f});
  private static final Matrix Y = Matrix.of(new float[] {0, 1}, new float[] {1, 0});

  @Test
  void squaredErrorIsHalfTheSumOverTheBatch() {
    // ½·((0.2)² + (0.1)² + (0.4)² + (0.1)²) / 2 rows
    assertThat(create(new SquaredErrorProvider()).value(S, Y)).isCloseTo(0.055, within(1e-7));
    assertThat(gradient(new SquaredErrorProvider()))
        .containsExactly(new float[] {0.1f, -0.05f, -0.2f, 0.05f}, within(1e-7f));
  }

  @Test
  void hmkcodeErrorIsHalfTheSquaredDifference() {
    Matrix s = Matrix.of(new float[] {0.191f});
    Matrix y = Matrix.of(new float[] {1});
    assertThat(create(new SquaredErrorProvider()).value(s, y)).isCloseTo(0.327, within(1e-3));
  }

  @Test
  void mseIsTheMeanOverEveryElement() {
    assertThat(create(new MseProvider()).value(S, Y)).isCloseTo(0.055, within(1e-7));
    assertThat(gradient(new MseProvider()))
        .containsExactly(new float[] {0.1f, -0.05f, -0.2f, 0.05f}, within(1e-7f));
  }

  @Test
  void crossEntropies() {
    // the mean over all 4 elements, as PyTorch's BCELoss and Keras
    double bce = -(Math.log(0.8) + Math.log(0.9) + Math.log(0.6) + Math.log(0.9)) / 4;
    assertThat(create(new BinaryCrossEntropyProvider()).value(S, Y)).isCloseTo(bce, within(1e-6));
    Matrix g = Matrix.zeros(2, 2);
    create(new BinaryCrossEntropyProvider()).gradient(S, Y, g);
    assertThat(g.data()[0]).isCloseTo(0.2f / (0.2f * 0.8f) / 4, within(1e-6f));
    double cce = -(Math.log(0.9) + Math.log(0.6)) / 2;
    assertThat(create(new CategoricalCrossEntropyProvider()).value(S, Y))
        .isCloseTo(cce, within(1e-6));
  }

  @Test
  void robustLossesAndDivergence() {
    // |d| = 0.2, 0.1, 0.4, 0.1
    assertThat(create(new MaeProvider()).value(S, Y)).isCloseTo(0.2, within(1e-7));
    assertThat(create(new HuberProvider()).value(S, Y)).isCloseTo(0.0275, within(1e-7));
    Loss smallDelta = new HuberProvider().create(new HuberProvider.Parameters(0.15));
    // 0.15·(0.2 − 0.075), ½·0.01, 0.15·(0.4 − 0.075), ½·0.01, averaged over 4
    assertThat(smallDelta.value(S, Y)).isCloseTo((0.01875 + 0.005 + 0.04875 + 0.005) / 4,
        within(1e-7));
    // t = −1, 1, 1, −1: max(0, 1 + 0.2), max(0, 1 − 0.9), max(0, 1 − 0.6), max(0, 1 + 0.1)
    assertThat(create(new HingeProvider()).value(S, Y)).isCloseTo((1.2 + 0.1 + 0.4 + 1.1) / 4,
        within(1e-6));
    assertThat(create(new KlDivergenceProvider()).value(S, Y))
        .isCloseTo(-(Math.log(0.9) + Math.log(0.6)) / 2, within(1e-6));
  }

  @Test
  void crossEntropiesFuseWithTheirOutputActivation() {
    assertThat(create(new BinaryCrossEntropyProvider()).fusesWith(Link.LOGISTIC)).isTrue();
    assertThat(create(new BinaryCrossEntropyProvider()).fusesWith(Link.SOFTMAX)).isFalse();
    assertThat(create(new CategoricalCrossEntropyProvider()).fusesWith(Link.SOFTMAX)).isTrue();
    assertThat(create(new MseProvider()).fusesWith(Link.LOGISTIC)).isFalse();
    Matrix g = Matrix.zeros(2, 2);
    create(new CategoricalCrossEntropyProvider()).fusedGradient(S, Y, g);
    assertThat(g.data()).containsExactly(new float[] {0.1f, -0.05f, -0.2f, 0.05f}, within(1e-7f));
  }

  @Test
  void binaryCrossEntropyFusedGradientIsTheMeanOverAllElements() {
    Matrix g = Matrix.zeros(2, 2);
    create(new BinaryCrossEntropyProvider()).fusedGradient(S, Y, g);
    // (s − y)/(rows · outputs)
    assertThat(g.data()).containsExactly(new float[] {0.05f, -0.025f, -0.1f, 0.025f},
        within(1e-7f));
  }

  @Test
  void sparseCategoricalCrossEntropyEqualsTheOneHotOne() {
    Matrix k = Matrix.of(new float[] {1}, new float[] {0});
    Loss sparse = create(new SparseCategoricalCrossEntropyProvider());
    assertThat(sparse.targetColumns(2)).isEqualTo(1);
    assertThat(sparse.value(S, k))
        .isEqualTo(create(new CategoricalCrossEntropyProvider()).value(S, Y));
    Matrix g = Matrix.zeros(2, 2);
    sparse.gradient(S, k, g);
    assertThat(g.data()).containsExactly(gradient(new CategoricalCrossEntropyProvider()), within(0f));
    Matrix fused = Matrix.zeros(2, 2);
    sparse.fusedGradient(S, k, fused);
    assertThat(fused.data()).containsExactly(new float[] {0.1f, -0.05f, -0.2f, 0.05f},
        within(1e-7f));
  }

  @Test
  void sparseTargetsThatAreNoClassIndexAreRejectedNamingTheRow() {
    Loss sparse = create(new SparseCategoricalCrossEntropyProvider());
    assertThatThrownBy(() -> sparse.value(S, Matrix.of(new float[] {1}, new float[] {0.5f})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 1 is 0.5");
    assertThatThrownBy(() -> sparse.value(S, Matrix.of(new float[] {2}, new float[] {0})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 0 is 2.0").hasMessageContaining("[0, 2)");
    assertThatThrownBy(() -> sparse.value(S, Matrix.of(new float[] {-1}, new float[] {0})))
        .hasMessageContaining("row 0 is -1.0");
    assertThatThrownBy(() -> sparse.gradient(S, Y, Matrix.zeros(2, 2)))
        .isInstanceOf(ShapeException.class).hasMessageContaining("must be 2×1 but are 2×2");
  }

  @Test
  void poissonLogCoshAndCosineSimilarity() {
    // s − y ln(s + 1e-7) over 0.2, 0.9, 0.6, 0.1 against 0, 1, 1, 0
    double poisson = (0.2 + 0.9 - Math.log(0.9 + 1e-7) + 0.6 - Math.log(0.6 + 1e-7) + 0.1) / 4;
    assertThat(create(new PoissonProvider()).value(S, Y)).isCloseTo(poisson, within(1e-7));
    double logCosh = (Math.log(Math.cosh(0.2)) + 2 * Math.log(Math.cosh(0.1))
        + Math.log(Math.cosh(0.4))) / 4;
    assertThat(create(new LogCoshProvider()).value(S, Y)).isCloseTo(logCosh, within(1e-7));
    Matrix far = Matrix.of(new float[] {1000f}); // stays finite where cosh overflows
    assertThat(create(new LogCoshProvider()).value(far, Matrix.of(new float[] {0})))
        .isCloseTo(1000 - Math.log(2), within(1e-9));
    double cosine = -(0.9 / Math.hypot(0.2, 0.9) + 0.6 / Math.hypot(0.6, 0.1)) / 2;
    assertThat(create(new CosineSimilarityProvider()).value(S, Y)).isCloseTo(cosine,
        within(1e-7));
    Matrix zero = Matrix.of(new float[] {0, 0});
    assertThat(create(new CosineSimilarityProvider()).value(zero, Matrix.of(new float[] {0, 1})))
        .isEqualTo(0.0);
  }

  private static float[] gradient(LossProvider<?> provider) {
    Matrix g = Matrix.zeros(2, 2);
    create(provider).gradient(S, Y, g);
    return g.data();
  }

  private static <P extends Record> Loss create(LossProvider<P> provider) {
    return provider.create(provider.defaultParameters());
  }
}
