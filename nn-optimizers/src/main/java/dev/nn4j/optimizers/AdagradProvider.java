package dev.nn4j.optimizers;

import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.api.spi.OptimizerProvider;

/**
 * {@code adagrad}: s ← s + g²; w ← w − ε·g/(√s + δ) (Duchi, Hazan and Singer, 2011, JMLR 12).
 */
public final class AdagradProvider implements OptimizerProvider<AdagradProvider.Parameters> {

  /**
   * Parameters of {@code adagrad}.
   *
   * @param learningRate ε &gt; 0; default 0.01
   * @param epsilon δ &gt; 0; default 1e-10
   */
  public record Parameters(double learningRate, double epsilon) {

    /** Validates every parameter. */
    public Parameters {
      Checks.positive("learningRate", learningRate);
      Checks.positive("epsilon", epsilon);
    }
  }

  @Override
  public String name() {
    return "adagrad";
  }

  @Override
  public String description() {
    return "s <- s + g^2; w <- w - learningRate g / (sqrt(s) + epsilon); defaults are PyTorch's"
        + " (learningRate 0.01, epsilon 1e-10, s starts at 0; Keras: 0.001, 1e-7, 0.1)";
  }

  @Override
  public Class<Parameters> parametersType() {
    return Parameters.class;
  }

  @Override
  public Parameters defaultParameters() {
    return new Parameters(0.01, 1e-10);
  }

  @Override
  public Optimizer create(Parameters p) {
    float epsilon = (float) p.epsilon();
    return new SlotOptimizer(p.learningRate(), "sum") {
      @Override
      void update(float[] w, float[] g, float[][] slots, float rate, long t, int from, int to) {
        float[] s = slots[0];
        for (int i = from; i < to; i++) {
          float si = s[i] + g[i] * g[i];
          s[i] = si;
          w[i] -= rate * g[i] / ((float) Math.sqrt(si) + epsilon);
        }
      }
    };
  }
}
