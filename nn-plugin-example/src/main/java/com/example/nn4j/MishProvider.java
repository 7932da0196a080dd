package com.example.nn4j;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.NoParameters;
import dev.nn4j.api.spi.Activation;
import dev.nn4j.api.spi.ActivationProvider;
import dev.nn4j.api.spi.NoParametersProvider;

/**
 * {@code mish}: f(z) = z·tanh(softplus(z)); f'(z) = tanh(sp) + z·σ(z)·(1 − tanh²(sp)), with
 * sp = ln(1 + e^z) (Misra, 2019, arXiv:1908.08681).
 */
public final class MishProvider
    implements ActivationProvider<NoParameters>, NoParametersProvider<Activation> {

  @Override
  public String name() {
    return "mish";
  }

  @Override
  public String description() {
    return "f(z) = z tanh(ln(1 + e^z)) (Misra, 2019)";
  }

  @Override
  public Activation create(NoParameters parameters) {
    return new Activation() {
      @Override
      public void forward(Matrix z, Matrix a) {
        float[] in = z.data();
        float[] out = a.data();
        for (int i = 0; i < z.size(); i++) {
          out[i] = (float) (in[i] * Math.tanh(softplus(in[i])));
        }
      }

      @Override
      public void backward(Matrix z, Matrix a, Matrix gradA, Matrix gradZ) {
        float[] in = z.data();
        float[] g = gradA.data();
        float[] out = gradZ.data();
        for (int i = 0; i < z.size(); i++) {
          double x = in[i];
          double t = Math.tanh(softplus(x));
          double sigmoid = 1 / (1 + Math.exp(-x));
          out[i] = (float) (g[i] * (t + x * sigmoid * (1 - t * t)));
        }
      }

      /** Returns {@code he_uniform}, the initializer for ReLU-like activations. */
      @Override
      public String initializer() {
        return "he_uniform";
      }
    };
  }

  /** ln(1 + e^x), without overflow for large x. */
  private static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

}
