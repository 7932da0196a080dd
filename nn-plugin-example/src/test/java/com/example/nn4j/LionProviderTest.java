package com.example.nn4j;

import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.api.spi.OptimizerProvider;
import dev.nn4j.testkit.OptimizerContract;

/** The optimizer contract, run on lion with a rate large enough to see progress in 200 steps. */
class LionProviderTest extends OptimizerContract {

  @Override
  protected OptimizerProvider<?> provider() {
    return new LionProvider();
  }

  @Override
  protected Optimizer optimizer() {
    return new LionProvider().create(new LionProvider.Parameters(0.01, 0.9, 0.99, 0));
  }

  @Override
  protected Record nonDefaultParameters() {
    return new LionProvider.Parameters(3e-4, 0.95, 0.98, 0.1);
  }
}
