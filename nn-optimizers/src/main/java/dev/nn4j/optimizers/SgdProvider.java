package dev.nn4j.optimizers;

import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.api.spi.OptimizerProvider;

/**
 * {@code sgd}: gradient descent, with optional momentum (Polyak, 1964), Nesterov momentum
 * (Sutskever et al., 2013) and L2 weight decay: g′ = g + λw; v ← μv + g′; w ← w − ε·v (Nesterov:
 * w ← w − ε·(g′ + μv)). Without momentum or decay it is exactly w ← w − ε·∂C/∂w, and it then
 * {@linkplain Optimizer#supportsSparseRows() supports sparse rows}: an embedding table's untouched
 * rows, whose gradient is zero, are skipped rather than updated by zero (PyTorch's SGD with a
 * sparse gradient).
 */
public final class SgdProvider implements OptimizerProvider<SgdProvider.Parameters> {

  /**
   * Parameters of {@code sgd}.
   *
   * @param learningRate ε, finite and &gt; 0; default 0.01
   * @param momentum μ in [0, 1); default 0 (none)
   * @param nesterov whether to use Nesterov's look-ahead form; needs momentum; default false
   * @param weightDecay λ ≥ 0, added to the gradient as λw; default 0
   */
  public record Parameters(double learningRate, double momentum, boolean nesterov,
      double weightDecay) {

    /** Validates every parameter. */
    public Parameters {
      Checks.positive("learningRate", learningRate);
      Checks.fraction("momentum", momentum);
      Checks.nonNegative("weightDecay", weightDecay);
      if (nesterov && momentum == 0) {
        throw new IllegalArgumentException("nesterov needs a momentum > 0");
      }
    }

    /**
     * Plain gradient descent.
     *
     * @param learningRate ε
     */
    public Parameters(double learningRate) {
      this(learningRate, 0, false, 0);
    }
  }

  @Override
  public String name() {
    return "sgd";
  }

  @Override
  public String description() {
    return "w <- w - learningRate * dC/dw (with optional momentum, nesterov, weightDecay), as"
        + " PyTorch's SGD without dampening; learningRate defaults to 0.01 as Keras (PyTorch has"
        + " no default)";
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
  public Optimizer create(Parameters p) {
    return p.momentum() == 0 ? new Plain(p) : new Momentum(p);
  }

  /** No state but the step count. */
  private static final class Plain extends SlotOptimizer {
    private final float decay;

    Plain(Parameters p) {
      super(p.learningRate());
      this.decay = (float) p.weightDecay();
    }

    @Override
    public boolean supportsSparseRows() {
      return decay == 0;
    }

    @Override
    void update(float[] w, float[] g, float[][] slots, float rate, long t, int from, int to) {
      if (decay == 0) {
        for (int i = from; i < to; i++) {
          w[i] -= rate * g[i];
        }
      } else {
        for (int i = from; i < to; i++) {
          w[i] -= rate * (g[i] + decay * w[i]);
        }
      }
    }
  }

  /** Keeps a velocity per parameter. */
  private static final class Momentum extends SlotOptimizer {
    private final float mu;
    private final float decay;
    private final boolean nesterov;

    Momentum(Parameters p) {
      super(p.learningRate(), "velocity");
      this.mu = (float) p.momentum();
      this.decay = (float) p.weightDecay();
      this.nesterov = p.nesterov();
    }

    @Override
    void update(float[] w, float[] g, float[][] slots, float rate, long t, int from, int to) {
      float[] v = slots[0];
      for (int i = from; i < to; i++) {
        float gi = g[i] + decay * w[i];
        float vi = mu * v[i] + gi;
        v[i] = vi;
        w[i] -= rate * (nesterov ? gi + mu * vi : vi);
      }
    }
  }
}
