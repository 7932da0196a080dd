package dev.nn4j.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.NoParameters;
import dev.nn4j.api.OptimizerState;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.spi.Activation;
import dev.nn4j.api.spi.Backend;
import dev.nn4j.api.spi.ActivationProvider;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.api.spi.LossProvider;
import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.api.spi.OptimizerProvider;
import dev.nn4j.api.spi.ParallelLoop;
import dev.nn4j.api.spi.NoParametersProvider;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The kit must fail plugins that are wrong, with a message that names the problem. */
class ContractsRejectBrokenPluginsTest {

  @Test
  void rejectsADerivativeWithTheWrongFormula() {
    // sigmoid whose derivative is written as σ(z) instead of σ(z)·(1 − σ(z))
    var contract = activationContract(brokenActivation(z -> 1 / (1 + Math.exp(-z)), a -> a, false));
    assertThatThrownBy(contract::backwardMatchesCentralDifferences)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("backward (vector-Jacobian product) of broken")
        .hasMessageContaining("expected")
        .hasMessageContaining("apart");
  }

  @Test
  void rejectsADerivativeOffByOnePercent() {
    var contract = activationContract(brokenActivation(Math::tanh, a -> 1.01 * (1 - a * a), false));
    assertThatThrownBy(contract::backwardMatchesCentralDifferences)
        .hasMessageContaining("backward (vector-Jacobian product) of broken");
  }

  @Test
  void rejectsAnActivationThatWritesIntoItsInput() {
    var contract = activationContract(brokenActivation(Math::tanh, a -> 1 - a * a, true));
    assertThatThrownBy(contract::inputsAreNotModified)
        .hasMessageContaining("modified its input z");
  }

  @Test
  void acceptsACorrectActivation() {
    activationContract(brokenActivation(Math::tanh, a -> 1 - a * a, false))
        .backwardMatchesCentralDifferences();
  }

  @Test
  void rejectsALossGradientWithTheWrongSign() {
    var contract = lossContract(false, -1);
    assertThatThrownBy(contract::gradientMatchesCentralDifferences)
        .hasMessageContaining("gradient of broken");
  }

  @Test
  void rejectsALossGradientMissingTheOneOverBatchFactor() {
    var contract = lossContract(true, 1);
    assertThatThrownBy(contract::gradientMatchesCentralDifferences)
        .hasMessageContaining("gradient of broken");
  }

  @Test
  void rejectsAnOptimizerWithALossyStateImport() {
    var contract = optimizerContract(false, true, false);
    assertThatThrownBy(contract::importedStateReproducesTheNextStep)
        .hasMessageContaining("after exportState/importState");
  }

  @Test
  void rejectsAnOptimizerThatSharesState() {
    var contract = optimizerContract(true, false, false);
    assertThatThrownBy(contract::optimizersShareNoState)
        .hasMessageContaining("instances share state");
  }

  @Test
  void rejectsAnOptimizerWhoseRangesForgetWhereTheyStart() {
    var contract = optimizerContract(false, false, true);
    assertThatThrownBy(contract::stepsSplitOverALoopGiveTheSameBits)
        .hasMessageContaining("broken step 1 split over a loop");
  }

  @Test
  void acceptsACorrectOptimizer() {
    var contract = optimizerContract(false, false, false);
    contract.stepsSplitOverALoopGiveTheSameBits();
    contract.importedStateReproducesTheNextStep();
    contract.optimizersShareNoState();
    contract.stepsDecreaseAConvexQuadratic();
    contract.zeroGradientChangesNothing();
  }

  @Test
  void rejectsAnUnregisteredProviderAndABadName() {
    var contract = activationContract(brokenActivation(Math::tanh, a -> 1 - a * a, false));
    assertThatThrownBy(contract::serviceLoaderFindsProvider)
        .hasMessageContaining("is not registered")
        .hasMessageContaining("META-INF/services/dev.nn4j.api.spi.ActivationProvider");
    var badName = activationContract(new NamedActivation("Leaky-ReLU", null));
    assertThatThrownBy(badName::nameIsValid).hasMessageContaining("'Leaky-ReLU'");
  }

  @Test
  void rejectsABackendThatAccumulatesOrSkipsTheLastColumnOrIndex() {
    BackendContract accumulates = backendContract(false);
    assertThatThrownBy(accumulates::multiplyMatchesTheReference)
        .hasMessageContaining("broken multiply with m×n×k = [1, 1, 1] at (0, 0)");
    BackendContract skips = backendContract(true);
    assertThatThrownBy(skips::parallelLoopRunsEveryIndexOnce)
        .hasMessageContaining("broken loop over 1 indices ran index 0 0 times");
    assertThatThrownBy(skips::multiplyTransposedAMatchesTheReference)
        .hasMessageContaining("broken multiplyTransposedA with m×n×k = [1, 1, 1] at (0, 0)")
        .hasMessageContaining("but was NaN");
  }

  /**
   * A naive backend that forgets to clear c, or leaves out the last column of c and the last
   * index of its loop.
   */
  private static BackendContract backendContract(boolean skipLastColumn) {
    Backend broken = new Backend() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public int rank() {
        return 0;
      }

      @Override
      public void multiplyTransposedB(int m, int n, int k, float[] a, float[] b, float[] bias,
          float[] c) {
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            float sum = bias == null ? 0 : bias[j];
            for (int p = 0; p < k; p++) {
              sum += a[i * k + p] * b[j * k + p];
            }
            c[i * n + j] = sum;
          }
        }
      }

      @Override
      public void multiplyTransposedA(int m, int n, int k, float[] a, float[] b, float[] c) {
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < (skipLastColumn ? n - 1 : n); j++) {
            float sum = 0;
            for (int p = 0; p < k; p++) {
              sum += a[p * m + i] * b[p * n + j];
            }
            c[i * n + j] = sum;
          }
        }
      }

      @Override
      public void multiply(int m, int n, int k, float[] a, float[] b, float[] c) {
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) {
              c[i * n + j] += a[i * k + p] * b[p * n + j];
            }
          }
        }
      }

      @Override
      public ParallelLoop parallelLoop() {
        return skipLastColumn ? (size, body) -> body.run(0, Math.max(0, size - 1))
            : ParallelLoop.SERIAL;
      }
    };
    return new BackendContract() {
      @Override
      protected Backend backend() {
        return broken;
      }
    };
  }

  // ---- deliberately broken plugins ----

  private interface LossNoParams extends LossProvider<NoParameters>, NoParametersProvider<Loss> {}

  private interface OptimizerNoParams
      extends OptimizerProvider<NoParameters>, NoParametersProvider<Optimizer> {}

  private static ActivationContract activationContract(ActivationProvider<NoParameters> p) {
    return new ActivationContract() {
      @Override
      protected ActivationProvider<?> provider() {
        return p;
      }
    };
  }

  /** An element-wise activation f with derivative written as a function of a = f(z). */
  private static ActivationProvider<NoParameters> brokenActivation(
      DoubleUnaryOperator f, DoubleUnaryOperator derivativeOfA, boolean writesInput) {
    return new NamedActivation("broken", new Activation() {
      @Override
      public void forward(Matrix z, Matrix a) {
        for (int i = 0; i < z.size(); i++) {
          a.data()[i] = (float) f.applyAsDouble(z.data()[i]);
        }
      }

      @Override
      public void backward(Matrix z, Matrix a, Matrix gradA, Matrix gradZ) {
        for (int i = 0; i < z.size(); i++) {
          gradZ.data()[i] = (float) (gradA.data()[i] * derivativeOfA.applyAsDouble(a.data()[i]));
          if (writesInput) {
            z.data()[i] = 0;
          }
        }
      }
    });
  }

  private record NamedActivation(String name, Activation activation)
      implements ActivationProvider<NoParameters>,
    NoParametersProvider<Activation> {

    @Override
    public Activation create(NoParameters parameters) {
      return activation;
    }
  }

  /** ½·Σ(s − y)²/batch whose gradient has the given sign and maybe lacks the 1/batch factor. */
  private static LossContract lossContract(boolean forgetsBatch, int sign) {
    Loss loss = new Loss() {
      @Override
      public double value(Matrix s, Matrix y) {
        double sum = 0;
        for (int i = 0; i < s.size(); i++) {
          double d = s.data()[i] - y.data()[i];
          sum += 0.5 * d * d;
        }
        return sum / s.rows();
      }

      @Override
      public void gradient(Matrix s, Matrix y, Matrix gradient) {
        float scale = sign * (forgetsBatch ? 1f : 1f / s.rows());
        for (int i = 0; i < s.size(); i++) {
          gradient.data()[i] = scale * (s.data()[i] - y.data()[i]);
        }
      }
    };
    LossProvider<NoParameters> provider = new LossNoParams() {
      @Override
      public String name() {
        return "broken";
      }


      @Override
      public Loss create(NoParameters parameters) {
        return loss;
      }
    };
    return new LossContract() {
      @Override
      protected LossProvider<?> provider() {
        return provider;
      }
    };
  }

  /**
   * Momentum SGD (v ← 0.9·v + g; w ← w − ε·v), optionally with shared or lossy state, or with a
   * split step whose ranges all update from index 0.
   */
  private static OptimizerContract optimizerContract(boolean sharesState, boolean lossyImport,
      boolean rangesFromZero) {
    float[][] shared = new float[1][];
    OptimizerProvider<NoParameters> provider = new OptimizerNoParams() {
      @Override
      public String name() {
        return "broken";
      }


      @Override
      public Optimizer create(NoParameters parameters) {
        return new Optimizer() {
          private final float[][] own = new float[1][];
          private final float[][] velocity = sharesState ? shared : own;

          @Override
          public double learningRate() {
            return 0.1;
          }

          @Override
          public void step(List<Parameter> parameters, double learningRate) {
            step(parameters, learningRate, ParallelLoop.SERIAL);
          }

          @Override
          public void step(List<Parameter> parameters, double learningRate, ParallelLoop loop) {
            float[] w = parameters.get(0).value();
            float[] g = parameters.get(0).gradient();
            if (velocity[0] == null) {
              velocity[0] = new float[w.length];
            }
            loop.run(w.length, (from, to) -> {
              int start = rangesFromZero ? 0 : from;
              for (int i = start; i < start + to - from; i++) {
                velocity[0][i] = 0.9f * velocity[0][i] + g[i];
                w[i] -= (float) learningRate * velocity[0][i];
              }
            });
          }

          @Override
          public OptimizerState exportState() {
            return velocity[0] == null ? OptimizerState.EMPTY
                : new OptimizerState(1, java.util.Map.of("velocity", velocity[0].clone()));
          }

          @Override
          public void importState(OptimizerState state) {
            float[] v = state.buffers().get("velocity");
            velocity[0] = v == null ? null : v.clone();
            if (lossyImport && v != null) {
              for (int i = 0; i < v.length; i++) {
                velocity[0][i] = (float) (double) Math.round(v[i] * 100) / 100;
              }
            }
          }
        };
      }
    };
    return new OptimizerContract() {
      @Override
      protected OptimizerProvider<?> provider() {
        return provider;
      }
    };
  }
}
