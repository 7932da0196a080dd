package dev.nn4j.optimizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.api.NoParameters;
import dev.nn4j.api.OptimizerState;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.spi.LearningRateSchedule;
import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.api.spi.OptimizerProvider;
import dev.nn4j.api.spi.ScheduleProvider;
import dev.nn4j.testkit.OptimizerContract;
import dev.nn4j.testkit.ScheduleContract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every optimizer and schedule passes the kit's contract and follows its published rule. */
class OptimizersTest {

  @Nested
  class SgdMomentum extends OptimizerContract {
    @Override
    protected OptimizerProvider<?> provider() {
      return new SgdProvider();
    }

    @Override
    protected Optimizer optimizer() {
      return new SgdProvider().create(new SgdProvider.Parameters(0.05, 0.9, true, 0));
    }

    @Override
    protected Record nonDefaultParameters() {
      return new SgdProvider.Parameters(0.05, 0.9, true, 1e-4);
    }
  }

  @Nested
  class SgdWeightDecay extends OptimizerContract {
    @Override
    protected OptimizerProvider<?> provider() {
      return new SgdProvider();
    }

    @Override
    protected Optimizer optimizer() {
      return new SgdProvider().create(new SgdProvider.Parameters(0.05, 0, false, 0.01));
    }

    @Override
    protected boolean decaysWeights() {
      return true;
    }
  }

  @Nested
  class Adam extends OptimizerContract {
    @Override
    protected OptimizerProvider<?> provider() {
      return new AdamProvider();
    }

    @Override
    protected Record nonDefaultParameters() {
      return new AdamProvider.Parameters(0.01, 0.8, 0.99, 1e-7, 0.001);
    }
  }

  @Nested
  class SparseAdam extends OptimizerContract {
    @Override
    protected OptimizerProvider<?> provider() {
      return new AdamProvider();
    }

    @Override
    protected Optimizer optimizer() {
      return new AdamProvider().create(new AdamProvider.Parameters(0.01, 0.9, 0.999, 1e-8, 0,
          true));
    }
  }

  @Nested
  class SparseAdamW extends OptimizerContract {
    @Override
    protected OptimizerProvider<?> provider() {
      return new AdamwProvider();
    }

    @Override
    protected Optimizer optimizer() {
      return new AdamwProvider().create(new AdamProvider.Parameters(0.01, 0.9, 0.999, 1e-8, 0.01,
          true));
    }

    @Override
    protected boolean decaysWeights() {
      return true;
    }
  }

  @Nested
  class AdamW extends OptimizerContract {
    @Override
    protected OptimizerProvider<?> provider() {
      return new AdamwProvider();
    }

    @Override
    protected boolean decaysWeights() {
      return true;
    }
  }

  @Nested
  class Nadam extends OptimizerContract {
    @Override
    protected OptimizerProvider<?> provider() {
      return new NadamProvider();
    }

    @Override
    protected Record nonDefaultParameters() {
      return new NadamProvider.Parameters(0.01, 0.8, 0.99, 1e-7, 0.1, 0.01);
    }
  }

  @Nested
  class Rmsprop extends OptimizerContract {
    @Override
    protected OptimizerProvider<?> provider() {
      return new RmspropProvider();
    }

    @Override
    protected Record nonDefaultParameters() {
      return new RmspropProvider.Parameters(0.01, 0.95, 1e-6);
    }
  }

  @Nested
  class Adagrad extends OptimizerContract {
    @Override
    protected OptimizerProvider<?> provider() {
      return new AdagradProvider();
    }
  }

  @Nested
  class Adadelta extends OptimizerContract {
    @Override
    protected OptimizerProvider<?> provider() {
      return new AdadeltaProvider();
    }
  }

  @Nested
  class Constant extends ScheduleContract {
    @Override
    protected ScheduleProvider<?> provider() {
      return new ConstantScheduleProvider();
    }
  }

  @Nested
  class Step extends ScheduleContract {
    @Override
    protected ScheduleProvider<?> provider() {
      return new StepScheduleProvider();
    }

    @Override
    protected Record nonDefaultParameters() {
      return new StepScheduleProvider.Parameters(3, 0.5);
    }
  }

  @Nested
  class Exponential extends ScheduleContract {
    @Override
    protected ScheduleProvider<?> provider() {
      return new ExponentialScheduleProvider();
    }
  }

  @Nested
  class Cosine extends ScheduleContract {
    @Override
    protected ScheduleProvider<?> provider() {
      return new CosineScheduleProvider();
    }

    @Override
    protected Record nonDefaultParameters() {
      return new CosineScheduleProvider.Parameters(10, 500, 1e-4);
    }
  }

  private static Parameter param(float w, float g) {
    return new Parameter("w", new float[] {w}, new float[] {g});
  }

  @Test
  void sgdMomentumAndNesterovFollowTheirRecurrences() {
    Optimizer momentum = new SgdProvider().create(new SgdProvider.Parameters(0.1, 0.5, false, 0));
    Parameter p = param(1, 2);
    momentum.step(List.of(p)); // v = 2, w = 1 − 0.2
    momentum.step(List.of(p)); // v = 0.5·2 + 2 = 3, w = 0.8 − 0.3
    assertThat(p.value()[0]).isCloseTo(0.5f, within(1e-6f));
    Optimizer nesterov = new SgdProvider().create(new SgdProvider.Parameters(0.1, 0.5, true, 0));
    Parameter q = param(1, 2);
    nesterov.step(List.of(q)); // v = 2, w = 1 − 0.1·(2 + 0.5·2)
    assertThat(q.value()[0]).isCloseTo(0.7f, within(1e-6f));
  }

  @Test
  void adamTakesStepsOfTheLearningRateAtFirst() {
    Optimizer adam = new AdamProvider().create(new AdamProvider().defaultParameters());
    Parameter p = param(1, 5);
    adam.step(List.of(p)); // m̂ = g, v̂ = g², so the step is ε·g/|g|
    assertThat(p.value()[0]).isCloseTo(1 - 0.001f, within(1e-7f));
    Optimizer adamw = new AdamwProvider().create(new AdamwProvider().defaultParameters());
    Parameter q = param(1, 0);
    adamw.step(List.of(q)); // zero gradient: only the decoupled decay, w·(1 − ελ)
    assertThat(q.value()[0]).isCloseTo(1 - 0.001f * 0.01f, within(1e-9f));
  }

  @Test
  void adaptiveRulesFollowTheirFormulas() {
    Optimizer rms = new RmspropProvider().create(new RmspropProvider().defaultParameters());
    Parameter p = param(1, 2); // v = 0.1·4, w −= 0.001·2/√0.4
    rms.step(List.of(p));
    assertThat(p.value()[0]).isCloseTo((float) (1 - 0.001 * 2 / Math.sqrt(0.4)), within(1e-6f));
    Optimizer adagrad = new AdagradProvider().create(new AdagradProvider().defaultParameters());
    Parameter q = param(1, 2); // s = 4, w −= 0.01·2/2
    adagrad.step(List.of(q));
    assertThat(q.value()[0]).isCloseTo(0.99f, within(1e-6f));
    Optimizer adadelta = new AdadeltaProvider().create(new AdadeltaProvider().defaultParameters());
    Parameter r = param(1, 2); // E[g²] = 0.4, Δ = −√1e-6/√(0.4 + 1e-6)·2
    adadelta.step(List.of(r));
    assertThat(r.value()[0]).isCloseTo((float) (1 - Math.sqrt(1e-6) / Math.sqrt(0.400001) * 2),
        within(1e-7f));
  }

  /** Moments that fade away are swept to zero before they can become (slow) denormal floats. */
  @Test
  void fadingStateIsNeverDenormal() {
    // decays of 0.5: from 1e-3, a moment passes 1e-30 within 100 steps and would be denormal
    // (below 1.2e-38) some 26 steps later, were it not swept
    AdamProvider.Parameters adam = new AdamProvider.Parameters(0.001, 0.5, 0.5, 1e-8, 0);
    List<Optimizer> stateful = List.of(
        new AdamProvider().create(adam),
        new AdamwProvider().create(adam),
        new NadamProvider().create(new NadamProvider.Parameters(0.001, 0.5, 0.5, 1e-8, 0, 0.004)),
        new RmspropProvider().create(new RmspropProvider.Parameters(0.001, 0.5, 1e-8)),
        new AdadeltaProvider().create(new AdadeltaProvider.Parameters(1, 0.5, 1e-6)),
        new SgdProvider().create(new SgdProvider.Parameters(0.01, 0.5, false, 0)));
    for (Optimizer optimizer : stateful) {
      Parameter p = param(1, 1e-3f);
      optimizer.step(List.of(p));
      p.gradient()[0] = 0;
      for (int step = 2; step <= 400; step++) {
        optimizer.step(List.of(p));
        for (var buffer : optimizer.exportState().buffers().entrySet()) {
          if (!buffer.getKey().contains("/")) {
            continue; // nadam's mu_product: 16-bit parts of a double, not a fading moment
          }
          float v = buffer.getValue()[0];
          assertThat(v == 0 || Math.abs(v) >= Float.MIN_NORMAL)
              .as("%s at step %d: %s", buffer.getKey(), step, v).isTrue();
        }
      }
      optimizer.exportState().buffers().forEach((name, b) -> {
        if (name.contains("/")) {
          assertThat(b[0]).as("%s swept to zero", name).isZero();
        }
      });
    }
  }

  /**
   * Two steps of nadam against PyTorch's NAdam recurrence written out in double precision:
   * μₜ = β₁(1 − ½·0.96^(0.004t)), the products of the μ's in the bias corrections.
   */
  @Test
  void nadamFollowsTheMomentumSchedule() {
    Optimizer nadam = new NadamProvider().create(new NadamProvider().defaultParameters());
    double w = 1;
    double m = 0;
    double v = 0;
    double product = 1;
    Parameter p = param(1, 0.5f);
    double[] gradients = {0.5, -0.25};
    for (int t = 1; t <= 2; t++) {
      double g = gradients[t - 1];
      p.gradient()[0] = (float) g;
      nadam.step(List.of(p));
      double mu = 0.9 * (1 - 0.5 * Math.pow(0.96, t * 0.004));
      double muNext = 0.9 * (1 - 0.5 * Math.pow(0.96, (t + 1) * 0.004));
      product *= mu;
      m = 0.9 * m + 0.1 * g;
      v = 0.999 * v + 0.001 * g * g;
      double denominator = Math.sqrt(v / (1 - Math.pow(0.999, t))) + 1e-8;
      w -= 0.002 * ((1 - mu) * g / (1 - product) + muNext * m / (1 - product * muNext))
          / denominator;
      assertThat((double) p.value()[0]).as("step %d", t).isCloseTo(w, within(1e-6));
    }
    assertThat(w).isNotCloseTo(1 - 0.002 - 0.002, within(1e-4)); // not plain Adam's steps
  }

  /** The product of the μ's travels in the state, bit for bit, and is required on import. */
  @Test
  void nadamExportsTheProductOfItsMomentumFactors() {
    Optimizer nadam = new NadamProvider().create(new NadamProvider().defaultParameters());
    Parameter p = param(1, 0.5f);
    for (int t = 0; t < 3; t++) {
      nadam.step(List.of(p));
    }
    double expected = 1;
    for (int t = 1; t <= 3; t++) {
      expected *= 0.9 * (1 - 0.5 * Math.pow(0.96, t * 0.004));
    }
    float[] parts = nadam.exportState().buffer("mu_product");
    long bits = 0;
    for (float part : parts) {
      bits = bits << 16 | (long) part;
    }
    assertThat(Double.longBitsToDouble(bits)).isEqualTo(expected);
    OptimizerState state = nadam.exportState();
    Map<String, float[]> withoutProduct = new LinkedHashMap<>(state.buffers());
    withoutProduct.remove("mu_product");
    Optimizer fresh = new NadamProvider().create(new NadamProvider().defaultParameters());
    assertThatThrownBy(() -> fresh.importState(new OptimizerState(3, withoutProduct)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'mu_product'");
    fresh.importState(state);
    assertThat(fresh.exportState()).isEqualTo(state);
  }

  @Test
  void schedulesFollowTheirFormulas() {
    LearningRateSchedule step = new StepScheduleProvider()
        .create(new StepScheduleProvider.Parameters(2, 0.5));
    assertThat(step.rate(1, 0, 1)).isEqualTo(1);
    assertThat(step.rate(1, 0, 3)).isEqualTo(0.5);
    assertThat(step.rate(1, 0, 5)).isEqualTo(0.25);
    LearningRateSchedule exp = new ExponentialScheduleProvider().create(
        new ExponentialScheduleProvider.Parameters(0.9));
    assertThat(exp.rate(2, 0, 3)).isCloseTo(2 * 0.81, within(1e-12));
    LearningRateSchedule cosine = new CosineScheduleProvider().create(
        new CosineScheduleProvider.Parameters(4, 104, 0.1));
    assertThat(cosine.rate(1, 0, 1)).isEqualTo(0.25);
    assertThat(cosine.rate(1, 3, 1)).isEqualTo(1);
    assertThat(cosine.rate(1, 4, 1)).isEqualTo(1);
    assertThat(cosine.rate(1, 54, 1)).isCloseTo(0.55, within(1e-12));
    assertThat(cosine.rate(1, 104, 1)).isCloseTo(0.1, within(1e-12));
    assertThat(cosine.rate(1, 500, 9)).isCloseTo(0.1, within(1e-12));
    assertThat(new ConstantScheduleProvider().create(NoParameters.INSTANCE).rate(0.3, 99, 4))
        .isEqualTo(0.3);
  }

  @Test
  void parametersSayWhatIsWrong() {
    assertThatThrownBy(() -> new SgdProvider.Parameters(0.1, 0, true, 0))
        .hasMessage("nesterov needs a momentum > 0");
    assertThatThrownBy(() -> new AdamProvider.Parameters(0.1, 1, 0.9, 1e-8, 0))
        .hasMessage("beta1 must be in [0, 1), was 1.0");
    assertThatThrownBy(() -> new CosineScheduleProvider.Parameters(10, 10, 0))
        .hasMessage("totalSteps must be greater than warmupSteps (10), was 10");
  }

  @Test
  void importRejectsAnotherOptimizersState() {
    Optimizer adam = new AdamProvider().create(new AdamProvider().defaultParameters());
    adam.step(List.of(param(1, 1)));
    Optimizer rms = new RmspropProvider().create(new RmspropProvider().defaultParameters());
    assertThatThrownBy(() -> rms.importState(adam.exportState()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'w/m' is not one of this optimizer's slots [v]");
  }
}
