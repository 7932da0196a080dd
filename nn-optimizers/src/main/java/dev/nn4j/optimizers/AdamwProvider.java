package dev.nn4j.optimizers;

import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.api.spi.OptimizerProvider;

/**
 * {@code adamw}: Adam with decoupled weight decay, w ← (1 − ελ)w − ε·m̂/(√v̂ + δ) (Loshchilov and
 * Hutter, 2019, arXiv:1711.05101). Takes {@link AdamProvider.Parameters}; default λ = 0.01.
 */
public final class AdamwProvider implements OptimizerProvider<AdamProvider.Parameters> {

  @Override
  public String name() {
    return "adamw";
  }

  @Override
  public String description() {
    return "Adam with decoupled weight decay (Loshchilov and Hutter, 2019); defaults are PyTorch's"
        + " (weightDecay 0.01, epsilon 1e-8; Keras: 0.004, 1e-7)";
  }

  @Override
  public Class<AdamProvider.Parameters> parametersType() {
    return AdamProvider.Parameters.class;
  }

  @Override
  public AdamProvider.Parameters defaultParameters() {
    return AdamProvider.Parameters.defaults(0.001, 0.01);
  }

  @Override
  public Optimizer create(AdamProvider.Parameters p) {
    return new AdamProvider.Adam(p, true);
  }
}
