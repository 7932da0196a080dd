package dev.nn4j.optimizers;

import dev.nn4j.api.Describe;
import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.api.spi.OptimizerProvider;
import java.util.Map;

/**
 * {@code nadam}: Adam with Nesterov momentum and Dozat's momentum schedule, as PyTorch's {@code
 * NAdam}: μₜ = β₁(1 − ½·0.96^(t·ψ)); m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; w ← w − ε·[(1 −
 * μₜ)·g/(1 − Πᵢ≤ₜ μᵢ) + μₜ₊₁·m/(1 − Πᵢ≤ₜ₊₁ μᵢ)]/(√(v/(1−β₂ᵗ)) + δ) (Dozat, 2016, "Incorporating
 * Nesterov Momentum into Adam"). With ψ = 0 the schedule is the constant ½β₁. The running product
 * Πμᵢ is part of the exported state (buffer {@code mu_product}), so a resumed run continues bit for
 * bit. Optional L2 weight decay adds λw to g, as PyTorch's {@code weight_decay}.
 *
 * <p>PyTorch 1.13's {@code NAdam} multiplies μₜ into the second product twice (its documentation
 * and later releases do not); this follows the documentation.
 */
public final class NadamProvider implements OptimizerProvider<NadamProvider.Parameters> {

  /**
   * Parameters of {@code nadam}.
   *
   * @param learningRate ε &gt; 0; default 0.002 (PyTorch's; Keras's is 0.001)
   * @param beta1 β₁ of the momentum schedule, in [0, 1); default 0.9
   * @param beta2 decay of the second moment, in [0, 1); default 0.999
   * @param epsilon δ &gt; 0 added to √v̂; default 1e-8 (Keras's is 1e-7)
   * @param weightDecay λ ≥ 0; default 0
   * @param momentumDecay ψ ≥ 0 of the momentum schedule; default 0.004
   */
  public record Parameters(double learningRate, double beta1, double beta2, double epsilon,
      double weightDecay,
      @Describe("ψ in μₜ = β₁(1 − ½·0.96^(t·ψ)); 0 keeps μ at ½β₁") double momentumDecay) {

    /** Validates every parameter. */
    public Parameters {
      Checks.positive("learningRate", learningRate);
      Checks.fraction("beta1", beta1);
      Checks.fraction("beta2", beta2);
      Checks.positive("epsilon", epsilon);
      Checks.nonNegative("weightDecay", weightDecay);
      Checks.nonNegative("momentumDecay", momentumDecay);
    }
  }

  @Override
  public String name() {
    return "nadam";
  }

  @Override
  public String description() {
    return "Adam with Nesterov momentum and the schedule mu_t = beta1 (1 - 0.96^(t psi) / 2)"
        + " (Dozat, 2016), as PyTorch's NAdam; defaults are PyTorch's (learningRate 0.002,"
        + " epsilon 1e-8; Keras: 0.001, 1e-7)";
  }

  @Override
  public Class<Parameters> parametersType() {
    return Parameters.class;
  }

  @Override
  public Parameters defaultParameters() {
    return new Parameters(0.002, 0.9, 0.999, 1e-8, 0, 0.004);
  }

  @Override
  public Optimizer create(Parameters p) {
    return new Nadam(p);
  }

  /** The rule, with the product of the μ's kept in double precision. */
  static final class Nadam extends SlotOptimizer {
    /** The name of the exported buffer holding the product of the μ's. */
    static final String MU_PRODUCT = "mu_product";

    private final double beta1;
    private final float beta2;
    private final float epsilon;
    private final float decay;
    private final double psi;
    /** Πᵢ≤ₜ μᵢ after the last step; 1 before the first. */
    private double muProduct = 1;
    /** This step's factors, set by {@link #beginStep}. */
    private float gradFactor;
    private float momentFactor;

    Nadam(Parameters p) {
      super(p.learningRate(), "m", "v");
      this.beta1 = p.beta1();
      this.beta2 = (float) p.beta2();
      this.epsilon = (float) p.epsilon();
      this.decay = (float) p.weightDecay();
      this.psi = p.momentumDecay();
    }

    private double mu(long t) {
      return beta1 * (1 - 0.5 * Math.pow(0.96, t * psi));
    }

    @Override
    void beginStep(long t) {
      double mu = mu(t);
      double muNext = mu(t + 1);
      muProduct *= mu;
      gradFactor = (float) ((1 - mu) / (1 - muProduct));
      momentFactor = (float) (muNext / (1 - muProduct * muNext));
    }

    @Override
    void update(float[] w, float[] g, float[][] slots, float rate, long t, int from, int to) {
      float[] m = slots[0];
      float[] v = slots[1];
      float b1 = (float) beta1;
      float c2 = (float) (1 / (1 - Math.pow(beta2, t)));
      for (int i = from; i < to; i++) {
        float gi = g[i] + decay * w[i];
        float mi = b1 * m[i] + (1 - b1) * gi;
        float vi = beta2 * v[i] + (1 - beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        float step = gradFactor * gi + momentFactor * mi;
        w[i] -= rate * step / ((float) Math.sqrt(vi * c2) + epsilon);
      }
    }

    /** The product as the four 16-bit parts of its double's bits, high first: exact in floats. */
    @Override
    Map<String, float[]> globalState() {
      long bits = Double.doubleToRawLongBits(muProduct);
      float[] parts = new float[4];
      for (int k = 0; k < 4; k++) {
        parts[k] = (bits >>> (48 - 16 * k)) & 0xFFFF;
      }
      return Map.of(MU_PRODUCT, parts);
    }

    @Override
    void importGlobalState(Map<String, float[]> buffers) {
      float[] parts = buffers.get(MU_PRODUCT);
      if (parts == null || parts.length != 4 || buffers.size() != 1) {
        throw new IllegalArgumentException("nadam's state needs exactly the buffer '" + MU_PRODUCT
            + "' (4 values) beside its '<parameter>/m' and '<parameter>/v' buffers, but has "
            + buffers.keySet());
      }
      long bits = 0;
      for (float part : parts) {
        if (!(part >= 0 && part <= 0xFFFF && part == Math.rint(part))) {
          throw new IllegalArgumentException("nadam's '" + MU_PRODUCT + "' buffer holds " + part
              + ", not a 16-bit part");
        }
        bits = bits << 16 | (long) part;
      }
      muProduct = Double.longBitsToDouble(bits);
    }
  }
}
