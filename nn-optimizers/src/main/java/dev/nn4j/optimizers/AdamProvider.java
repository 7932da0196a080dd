package dev.nn4j.optimizers;

import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.api.spi.OptimizerProvider;

/**
 * {@code adam}: m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; w ← w − ε·m̂/(√v̂ + δ) with m̂ = m/(1−β₁ᵗ),
 * v̂ = v/(1−β₂ᵗ); optional L2 weight decay adds λw to g (Kingma and Ba, 2015, arXiv:1412.6980).
 * Every 16 steps, moments below 1e-30 are flushed to zero, so they never turn into slow denormal
 * floats.
 *
 * <p>With {@code sparse: true}, a parameter whose gradient names the rows it touched (an {@code
 * embedding}'s table) is updated lazily: only those rows' values and moments change, by the rule
 * above with the optimizer's step count t; the moments of the other rows do not decay. That is
 * PyTorch's {@code SparseAdam} for such parameters (which adds δ to √v rather than to √v̂, a
 * difference of order δ), and TensorFlow Addons' {@code LazyAdam}; other parameters are updated
 * densely as without the option.
 */
public final class AdamProvider implements OptimizerProvider<AdamProvider.Parameters> {

  /**
   * Parameters of {@code adam} (and {@code adamw}).
   *
   * @param learningRate ε &gt; 0; default 0.001
   * @param beta1 decay of the first moment, in [0, 1); default 0.9
   * @param beta2 decay of the second moment, in [0, 1); default 0.999
   * @param epsilon δ &gt; 0 added to √v̂; default 1e-8
   * @param weightDecay λ ≥ 0; default 0
   * @param sparse whether a parameter with a row set (an embedding table) updates only the rows a
   *     step touched, leaving the others and their moments unchanged; default false
   */
  public record Parameters(double learningRate, double beta1, double beta2, double epsilon,
      double weightDecay, boolean sparse) {

    /** Validates every parameter. */
    public Parameters {
      Checks.positive("learningRate", learningRate);
      Checks.fraction("beta1", beta1);
      Checks.fraction("beta2", beta2);
      Checks.positive("epsilon", epsilon);
      Checks.nonNegative("weightDecay", weightDecay);
    }

    /**
     * Dense updates of every parameter.
     *
     * @param learningRate ε
     * @param beta1 β₁
     * @param beta2 β₂
     * @param epsilon δ
     * @param weightDecay λ
     */
    public Parameters(double learningRate, double beta1, double beta2, double epsilon,
        double weightDecay) {
      this(learningRate, beta1, beta2, epsilon, weightDecay, false);
    }

    /** The defaults of Kingma and Ba. */
    static Parameters defaults(double learningRate, double weightDecay) {
      return new Parameters(learningRate, 0.9, 0.999, 1e-8, weightDecay, false);
    }
  }

  @Override
  public String name() {
    return "adam";
  }

  @Override
  public String description() {
    return "adaptive moment estimation (Kingma and Ba, 2015); defaults are PyTorch's (epsilon 1e-8;"
        + " Keras: 1e-7); weightDecay is L2 added to g, as PyTorch's Adam; sparse: true updates"
        + " only the embedding rows a step used, as PyTorch's SparseAdam";
  }

  @Override
  public Class<Parameters> parametersType() {
    return Parameters.class;
  }

  @Override
  public Parameters defaultParameters() {
    return Parameters.defaults(0.001, 0);
  }

  @Override
  public Optimizer create(Parameters p) {
    return new Adam(p, false);
  }

  /**
   * Adam and AdamW, which decouples the weight decay (w ← w − ελw, not through the moments).
   */
  static final class Adam extends SlotOptimizer {
    private final double beta1;
    private final double beta2;
    /** β₁, β₂, 1 − β₁ and 1 − β₂ rounded to float from double (1 − 0.999f is 1.3e-5 off). */
    private final float b1;
    private final float b2;
    private final float rest1;
    private final float rest2;
    private final float epsilon;
    private final float decay;
    private final boolean decoupled;
    private final boolean sparse;

    Adam(Parameters p, boolean decoupled) {
      super(p.learningRate(), "m", "v");
      this.beta1 = p.beta1();
      this.beta2 = p.beta2();
      this.b1 = (float) beta1;
      this.b2 = (float) beta2;
      this.rest1 = (float) (1 - beta1);
      this.rest2 = (float) (1 - beta2);
      this.epsilon = (float) p.epsilon();
      this.decay = (float) p.weightDecay();
      this.decoupled = decoupled;
      this.sparse = p.sparse();
    }

    @Override
    public boolean supportsSparseRows() {
      return sparse;
    }

    @Override
    void update(float[] w, float[] g, float[][] slots, float rate, long t, int from, int to) {
      float[] m = slots[0];
      float[] v = slots[1];
      float c1 = (float) (1 / (1 - Math.pow(beta1, t)));
      float c2 = (float) (1 / (1 - Math.pow(beta2, t)));
      float coupled = decoupled ? 0f : decay;
      float shrink = decoupled ? 1f - rate * decay : 1f;
      for (int i = from; i < to; i++) {
        float gi = g[i] + coupled * w[i];
        float mi = b1 * m[i] + rest1 * gi;
        float vi = b2 * v[i] + rest2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        float mHat = mi * c1;
        w[i] = shrink * w[i] - rate * mHat / ((float) Math.sqrt(vi * c2) + epsilon);
      }
    }
  }
}
