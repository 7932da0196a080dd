package dev.nn4j.core;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.NoParameters;
import dev.nn4j.api.spi.Activation;
import dev.nn4j.api.spi.ActivationProvider;
import dev.nn4j.api.spi.NoParametersProvider;

/**
 * {@code cube}: f(z) = z³. Registered only in this module's test resources, so tests can prove
 * that discovery finds a provider that nothing but a test class path contains. Not final, so
 * tests can rename it.
 */
public class CubeActivationProvider implements ActivationProvider<NoParameters>,
    NoParametersProvider<Activation>, Activation {

  @Override
  public String name() {
    return "cube";
  }


  @Override
  public Activation create(NoParameters parameters) {
    return this;
  }

  @Override
  public void forward(Matrix z, Matrix a) {
    for (int i = 0; i < z.size(); i++) {
      float v = z.data()[i];
      a.data()[i] = v * v * v;
    }
  }

  @Override
  public void backward(Matrix z, Matrix a, Matrix gradA, Matrix gradZ) {
    for (int i = 0; i < z.size(); i++) {
      float v = z.data()[i];
      gradZ.data()[i] = gradA.data()[i] * 3 * v * v;
    }
  }
}
