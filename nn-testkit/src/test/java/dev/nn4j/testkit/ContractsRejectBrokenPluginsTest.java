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
        .hasMessageContaining("gradient of broken is 5.000")
        .hasMessageContaining("times ∂value/∂s on a batch of 5 rows: the 1/n factor looks missing");
  }

  @Test
  void rejectsComponentsThatLoopToTheArraysLength() {
    var activation = activationContract(new NamedActivation("broken", new Activation() {
      @Override
      public void forward(Matrix z, Matrix a) {
        for (int i = 0; i < z.data().length; i++) {
          a.data()[i] = (float) Math.tanh(z.data()[i]);
        }
      }

      @Override
      public void backward(Matrix z, Matrix a, Matrix gradA, Matrix gradZ) {
        for (int i = 0; i < z.size(); i++) {
          gradZ.data()[i] = gradA.data()[i] * (1 - a.data()[i] * a.data()[i]);
        }
      }
    }));
    assertThatThrownBy(activation::paddedViewsAreNeitherReadNorWrittenPastTheirEnd)
        .hasMessageContaining("forward of broken wrote NaN into element 15 of a's array, past the"
            + " end of its 3×5 view")
        .hasMessageContaining("loop to size(), not data().length");
    var loss = lossContract(new Loss() {
      @Override
      public double value(Matrix s, Matrix y) {
        double sum = 0;
        for (int i = 0; i < s.data().length; i++) {
          sum += Math.abs(s.data()[i] - y.data()[i]);
        }
        return sum / s.size();
      }

      @Override
      public void gradient(Matrix s, Matrix y, Matrix gradient) {
        for (int i = 0; i < s.size(); i++) {
          gradient.data()[i] = Math.signum(s.data()[i] - y.data()[i]) / s.size();
        }
      }
    });
    assertThatThrownBy(loss::paddedViewsAreNeitherReadNorWrittenPastTheirEnd)
        .hasMessageContaining("value of broken is NaN on views whose arrays are longer than"
            + " rows × cols (tail NaN)")
        .hasMessageContaining("reads past the view");
    activationContract(brokenActivation(Math::tanh, a -> 1 - a * a, false))
        .paddedViewsAreNeitherReadNorWrittenPastTheirEnd();
  }

  /**
   * tanh that keeps its input in a field between storing and using it: right in one thread, and
   * in several threads as long as they all have the same inputs. A barrier in the worker threads
   * makes their calls overlap every time, as they do sooner or later in training.
   */
  @Test
  void rejectsAComponentThatKeepsIntermediateValuesInAField() {
    Thread main = Thread.currentThread();
    java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(4);
    var contract = activationContract(new NamedActivation("broken", new Activation() {
      private Matrix lastZ;

      @Override
      public void forward(Matrix z, Matrix a) {
        lastZ = z;
        if (Thread.currentThread() != main) {
          try {
            together.await(10, java.util.concurrent.TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
        for (int i = 0; i < z.size(); i++) {
          a.data()[i] = (float) Math.tanh(lastZ.data()[i]);
        }
      }

      @Override
      public void backward(Matrix z, Matrix a, Matrix gradA, Matrix gradZ) {
        for (int i = 0; i < z.size(); i++) {
          gradZ.data()[i] = gradA.data()[i] * (1 - a.data()[i] * a.data()[i]);
        }
      }
    }));
    assertThatThrownBy(contract::componentsAreIndependentAndThreadSafe)
        .hasMessageContaining("from its own inputs")
        .hasMessageContaining("keep intermediate values in a field?");
  }

  /** leaky_relu whose backward always uses the default slope 0.01. */
  @Test
  void rejectsABackwardPassThatIgnoresAParameter() {
    var contract = new ActivationContract() {
      @Override
      protected ActivationProvider<?> provider() {
        return new SlopeProvider();
      }

      @Override
      protected Record nonDefaultParameters() {
        return new Slope(0.2);
      }

      @Override
      protected double[] kinks() {
        return new double[] {0};
      }
    };
    assertThatThrownBy(contract::backwardMatchesCentralDifferences)
        .hasMessageContaining("backward (vector-Jacobian product) of broken with Slope[alpha=0.2]");
  }

  /** softplus whose derivative is 0 instead of 1 beyond z = 40. */
  @Test
  void rejectsADerivativeWrongOnlyForLargeInputs() {
    var contract = activationContract(brokenActivationOfZ(
        z -> Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))),
        z -> z > 40 ? 0 : 1 / (1 + Math.exp(-z))));
    assertThatThrownBy(contract::backwardMatchesCentralDifferences)
        .hasMessageContaining("backward (vector-Jacobian product) of broken");
  }

  @Test
  void saysReturnedNull() {
    var contract = activationContract(new NamedActivation("broken", null));
    assertThatThrownBy(contract::backwardMatchesCentralDifferences)
        .hasMessageContaining(".create(NoParameters[]) returned null");
    var noName = activationContract(new NamedActivation(null, null));
    assertThatThrownBy(noName::nameIsValid).hasMessageContaining("name() of ")
        .hasMessageContaining(" returned null");
    var nullState = optimizerContract(false, false, false, true, false);
    assertThatThrownBy(nullState::importedStateReproducesTheNextStep)
        .hasMessageContaining("exportState() of broken returned null");
  }

  @Test
  void namesTheSlotAStateExportLoses() {
    var contract = optimizerContract(false, false, false, false, true);
    assertThatThrownBy(contract::importedStateReproducesTheNextStep)
        .hasMessageContaining("lacks the slot 'b/velocity' (other parameters have 'velocity')");
  }

  @Test
  void rejectsAnOptimizerWithALossyStateImport() {
    var contract = optimizerContract(false, true, false);
    assertThatThrownBy(contract::importedStateReproducesTheNextStep)
        .hasMessageContaining("broken lost the state buffer 'w/velocity' in importState");
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

  /** An element-wise activation with its derivative written as a function of z. */
  private static ActivationProvider<NoParameters> brokenActivationOfZ(DoubleUnaryOperator f,
      DoubleUnaryOperator derivative) {
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
          gradZ.data()[i] = (float) (gradA.data()[i] * derivative.applyAsDouble(z.data()[i]));
        }
      }
    });
  }

  /** The parameters of {@link SlopeProvider}. */
  public record Slope(double alpha) {}

  /** leaky_relu whose backward ignores its parameter. */
  public static final class SlopeProvider implements ActivationProvider<Slope> {
    @Override
    public String name() {
      return "broken";
    }

    @Override
    public Class<Slope> parametersType() {
      return Slope.class;
    }

    @Override
    public Slope defaultParameters() {
      return new Slope(0.01);
    }

    @Override
    public Activation create(Slope parameters) {
      float alpha = (float) parameters.alpha();
      return new Activation() {
        @Override
        public void forward(Matrix z, Matrix a) {
          for (int i = 0; i < z.size(); i++) {
            a.data()[i] = z.data()[i] > 0 ? z.data()[i] : alpha * z.data()[i];
          }
        }

        @Override
        public void backward(Matrix z, Matrix a, Matrix gradA, Matrix gradZ) {
          for (int i = 0; i < z.size(); i++) {
            gradZ.data()[i] = gradA.data()[i] * (z.data()[i] > 0 ? 1 : 0.01f);
          }
        }
      };
    }
  }

  private record NamedActivation(String name, Activation activation)
      implements ActivationProvider<NoParameters>,
    NoParametersProvider<Activation> {

    @Override
    public Activation create(NoParameters parameters) {
      return activation;
    }
  }

  private static LossContract lossContract(Loss loss) {
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
    return optimizerContract(sharesState, lossyImport, rangesFromZero, false, false);
  }

  /**
   * As above, one velocity per parameter; optionally exporting null, or leaving the last
   * parameter's velocity out of the export.
   */
  private static OptimizerContract optimizerContract(boolean sharesState, boolean lossyImport,
      boolean rangesFromZero, boolean exportsNull, boolean losesASlot) {
    java.util.Map<String, float[]> shared = new java.util.LinkedHashMap<>();
    OptimizerProvider<NoParameters> provider = new OptimizerNoParams() {
      @Override
      public String name() {
        return "broken";
      }


      @Override
      public Optimizer create(NoParameters parameters) {
        return new Optimizer() {
          private final java.util.Map<String, float[]> own = new java.util.LinkedHashMap<>();
          private final java.util.Map<String, float[]> velocities = sharesState ? shared : own;

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
            for (Parameter p : parameters) {
              float[] w = p.value();
              float[] g = p.gradient();
              float[] velocity = velocities.computeIfAbsent(p.name(), k -> new float[w.length]);
              loop.run(w.length, (from, to) -> {
                int start = rangesFromZero ? 0 : from;
                for (int i = start; i < start + to - from; i++) {
                  velocity[i] = 0.9f * velocity[i] + g[i];
                  w[i] -= (float) learningRate * velocity[i];
                }
              });
            }
          }

          @Override
          public OptimizerState exportState() {
            if (exportsNull) {
              return null;
            }
            java.util.Map<String, float[]> buffers = new java.util.LinkedHashMap<>();
            velocities.forEach((name, v) -> buffers.put(name + "/velocity", v));
            if (losesASlot && buffers.size() > 1) {
              buffers.remove(List.copyOf(velocities.keySet()).get(velocities.size() - 1)
                  + "/velocity");
            }
            return new OptimizerState(1, buffers);
          }

          @Override
          public void importState(OptimizerState state) {
            velocities.clear();
            state.buffers().forEach((key, v) -> {
              float[] copy = v.clone();
              if (lossyImport) {
                for (int i = 0; i < v.length; i++) {
                  copy[i] = (float) (double) Math.round(v[i] * 100) / 100;
                }
              }
              velocities.put(key.substring(0, key.lastIndexOf('/')), copy);
            });
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
