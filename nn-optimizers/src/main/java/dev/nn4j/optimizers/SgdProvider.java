package dev.nn4j.optimizers;

import dev.nn4j.api.OptimizerState;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.api.spi.OptimizerProvider;
import java.util.List;
import java.util.Map;

/** {@code sgd}: plain gradient descent, w ← w − ε·∂C/∂w. */
public final class SgdProvider implements OptimizerProvider<SgdProvider.Parameters> {

  /**
   * Parameters of {@code sgd}.
   *
   * @param learningRate ε, finite and positive; default 0.01
   */
  public record Parameters(double learningRate) {

    /** Validates the learning rate. */
    public Parameters {
      if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
        throw new IllegalArgumentException(
            "learningRate must be a finite number > 0, was " + learningRate);
      }
    }
  }

  @Override
  public String name() {
    return "sgd";
  }

  @Override
  public String description() {
    return "w <- w - learningRate * dC/dw";
  }

  @Override
  public Class<Parameters> parametersType() {
    return Parameters.class;
  }

  @Override
  public Parameters defaultParameters() {
    return new Parameters(0.01);
  }

  @Override
  public Optimizer create(Parameters parameters) {
    return new Sgd(parameters.learningRate());
  }

  /** Keeps no buffers; its exported state is the step count alone. */
  private static final class Sgd implements Optimizer {
    private final double learningRate;
    private long steps;

    Sgd(double learningRate) {
      this.learningRate = learningRate;
    }

    @Override
    public double learningRate() {
      return learningRate;
    }

    @Override
    public void step(List<Parameter> parameters, double learningRate) {
      float eps = (float) learningRate;
      for (Parameter p : parameters) {
        float[] w = p.value();
        float[] g = p.gradient();
        for (int i = 0; i < w.length; i++) {
          w[i] -= eps * g[i];
        }
      }
      steps++;
    }

    @Override
    public OptimizerState exportState() {
      return new OptimizerState(steps, Map.of());
    }

    @Override
    public void importState(OptimizerState state) {
      steps = state.step();
    }
  }
}
