package com.example.nn4j;

import dev.nn4j.api.spi.ActivationProvider;
import dev.nn4j.testkit.ActivationContract;

/** The whole activation contract, for the price of one method. */
class MishProviderTest extends ActivationContract {

  @Override
  protected ActivationProvider<?> provider() {
    return new MishProvider();
  }
}
