package com.example.nn4j;

import dev.nn4j.api.OptimizerState;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.api.spi.OptimizerProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code lion}: c = β₁m + (1−β₁)g; w ← w − ε·(sign(c) + λw); m ← β₂m + (1−β₂)g (Chen et al.,
 * 2023, "Symbolic Discovery of Optimization Algorithms", arXiv:2302.06675).
 */
public final class LionProvider implements OptimizerProvider<LionProvider.Parameters> {

  /**
   * Parameters of {@code lion}.
   *
   * @param learningRate ε &gt; 0; default 1e-4 (Lion wants 3-10× less than Adam)
   * @param beta1 interpolation of the update direction, in [0, 1); default 0.9
   * @param beta2 decay of the momentum, in [0, 1); default 0.99
   * @param weightDecay λ ≥ 0, decoupled; default 0
   */
  public record Parameters(double learningRate, double beta1, double beta2, double weightDecay) {

    /** Validates every parameter. */
    public Parameters {
      if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
        throw new IllegalArgumentException("learningRate must be a finite number > 0, was "
            + learningRate);
      }
      if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
        throw new IllegalArgumentException("beta1 and beta2 must be in [0, 1), were " + beta1
            + " and " + beta2);
      }
      if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
        throw new IllegalArgumentException("weightDecay must be a finite number >= 0, was "
            + weightDecay);
      }
    }
  }

  @Override
  public String name() {
    return "lion";
  }

  @Override
  public String description() {
    return "sign of interpolated momentum (Chen et al., 2023)";
  }

  @Override
  public Class<Parameters> parametersType() {
    return Parameters.class;
  }

  @Override
  public Parameters defaultParameters() {
    return new Parameters(1e-4, 0.9, 0.99, 0);
  }

  @Override
  public Optimizer create(Parameters parameters) {
    return new Lion(parameters);
  }

  /** Keeps one momentum array per parameter name. Not thread-safe. */
  private static final class Lion implements Optimizer {
    private final Parameters p;
    private final Map<String, float[]> momentum = new HashMap<>();
    private long steps;

    Lion(Parameters p) {
      this.p = p;
    }

    @Override
    public double learningRate() {
      return p.learningRate();
    }

    @Override
    public void step(List<Parameter> parameters, double rate) {
      float b1 = (float) p.beta1();
      float b2 = (float) p.beta2();
      float lr = (float) rate;
      float decay = (float) p.weightDecay();
      for (Parameter param : parameters) {
        float[] w = param.value();
        float[] g = param.gradient();
        float[] m = momentum.computeIfAbsent(param.name(), k -> new float[w.length]);
        for (int i = 0; i < w.length; i++) {
          float c = b1 * m[i] + (1 - b1) * g[i];
          w[i] -= lr * (Math.signum(c) + decay * w[i]);
          m[i] = b2 * m[i] + (1 - b2) * g[i];
        }
      }
      steps++;
    }

    @Override
    public OptimizerState exportState() {
      return new OptimizerState(steps, momentum);
    }

    @Override
    public void importState(OptimizerState state) {
      momentum.clear();
      state.buffers().forEach((name, m) -> momentum.put(name, m.clone()));
      steps = state.step();
    }
  }
}
