package dev.nn4j.optimizers;

import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.api.spi.OptimizerProvider;

/**
 * {@code nadam}: Adam with Nesterov momentum, w ← w − ε·(β₁m̂ + (1−β₁)g/(1−β₁ᵗ))/(√v̂ + δ) (Dozat,
 * 2016, "Incorporating Nesterov Momentum into Adam"). Takes {@link AdamProvider.Parameters}.
 */
public final class NadamProvider implements OptimizerProvider<AdamProvider.Parameters> {

  @Override
  public String name() {
    return "nadam";
  }

  @Override
  public String description() {
    return "Adam with Nesterov momentum (Dozat, 2016)";
  }

  @Override
  public Class<AdamProvider.Parameters> parametersType() {
    return AdamProvider.Parameters.class;
  }

  @Override
  public AdamProvider.Parameters defaultParameters() {
    return AdamProvider.Parameters.defaults(0.002, 0);
  }

  @Override
  public Optimizer create(AdamProvider.Parameters p) {
    return new AdamProvider.Adam(p, false, true);
  }
}
