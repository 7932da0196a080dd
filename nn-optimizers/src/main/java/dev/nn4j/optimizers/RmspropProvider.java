package dev.nn4j.optimizers;

import dev.nn4j.api.Describe;
import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.api.spi.OptimizerProvider;

/**
 * {@code rmsprop}: v ← ρv + (1−ρ)g²; w ← w − ε·g/(√v + δ) (Tieleman and Hinton, 2012, Coursera
 * lecture 6.5).
 */
public final class RmspropProvider implements OptimizerProvider<RmspropProvider.Parameters> {

  /**
   * Parameters of {@code rmsprop}.
   *
   * @param learningRate ε &gt; 0; default 0.001
   * @param rho decay of the mean square, in [0, 1); default 0.9
   * @param epsilon δ &gt; 0; default 1e-8
   */
  public record Parameters(double learningRate,
      @Describe("decay of the mean square; Keras's 0.9 by default, PyTorch's alpha is 0.99")
      double rho, double epsilon) {

    /** Validates every parameter. */
    public Parameters {
      Checks.positive("learningRate", learningRate);
      Checks.fraction("rho", rho);
      Checks.positive("epsilon", epsilon);
    }
  }

  @Override
  public String name() {
    return "rmsprop";
  }

  @Override
  public String description() {
    return "v <- rho v + (1 - rho) g^2; w <- w - learningRate g / (sqrt(v) + epsilon); defaults"
        + " differ from PyTorch's: rho 0.9 and learningRate 0.001 are Keras's (PyTorch: alpha"
        + " 0.99, lr 0.01); epsilon 1e-8 is PyTorch's (Keras: 1e-7)";
  }

  @Override
  public Class<Parameters> parametersType() {
    return Parameters.class;
  }

  @Override
  public Parameters defaultParameters() {
    return new Parameters(0.001, 0.9, 1e-8);
  }

  @Override
  public Optimizer create(Parameters p) {
    float rho = (float) p.rho();
    float epsilon = (float) p.epsilon();
    return new SlotOptimizer(p.learningRate(), "v") {
      @Override
      void update(float[] w, float[] g, float[][] slots, float rate, long t, int from, int to) {
        float[] v = slots[0];
        for (int i = from; i < to; i++) {
          float vi = rho * v[i] + (1 - rho) * g[i] * g[i];
          v[i] = vi;
          w[i] -= rate * g[i] / ((float) Math.sqrt(vi) + epsilon);
        }
      }
    };
  }
}
