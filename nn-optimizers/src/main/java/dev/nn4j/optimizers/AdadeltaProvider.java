package dev.nn4j.optimizers;

import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.api.spi.OptimizerProvider;

/**
 * {@code adadelta}: E[g²] ← ρE[g²] + (1−ρ)g²; Δ = −√(E[Δ²] + δ)/√(E[g²] + δ)·g;
 * E[Δ²] ← ρE[Δ²] + (1−ρ)Δ²; w ← w + ε·Δ (Zeiler, 2012, arXiv:1212.5701; ε = 1 is the paper's rule).
 */
public final class AdadeltaProvider implements OptimizerProvider<AdadeltaProvider.Parameters> {

  /**
   * Parameters of {@code adadelta}.
   *
   * @param learningRate ε &gt; 0 scaling the update; default 1
   * @param rho decay of the running averages, in [0, 1); default 0.9
   * @param epsilon δ &gt; 0; default 1e-6
   */
  public record Parameters(double learningRate, double rho, double epsilon) {

    /** Validates every parameter. */
    public Parameters {
      Checks.positive("learningRate", learningRate);
      Checks.fraction("rho", rho);
      Checks.positive("epsilon", epsilon);
    }
  }

  @Override
  public String name() {
    return "adadelta";
  }

  @Override
  public String description() {
    return "adaptive learning rate from running averages of g^2 and updates^2 (Zeiler, 2012); defaults"
        + " are PyTorch's (learningRate 1, rho 0.9, epsilon 1e-6; Keras: 0.001, 0.95, 1e-7)";
  }

  @Override
  public Class<Parameters> parametersType() {
    return Parameters.class;
  }

  @Override
  public Parameters defaultParameters() {
    return new Parameters(1.0, 0.9, 1e-6);
  }

  @Override
  public Optimizer create(Parameters p) {
    float rho = (float) p.rho();
    float epsilon = (float) p.epsilon();
    return new SlotOptimizer(p.learningRate(), "g2", "delta2") {
      @Override
      void update(float[] w, float[] g, float[][] slots, float rate, long t, int from, int to) {
        float[] g2 = slots[0];
        float[] d2 = slots[1];
        for (int i = from; i < to; i++) {
          float gi = g[i];
          float g2i = rho * g2[i] + (1 - rho) * gi * gi;
          g2[i] = g2i;
          float delta = -(float) (Math.sqrt(d2[i] + epsilon) / Math.sqrt(g2i + epsilon)) * gi;
          d2[i] = rho * d2[i] + (1 - rho) * delta * delta;
          w[i] += rate * delta;
        }
      }
    };
  }
}
