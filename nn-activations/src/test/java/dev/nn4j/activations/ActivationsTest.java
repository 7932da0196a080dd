package dev.nn4j.activations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.spi.Activation;
import dev.nn4j.api.spi.ActivationProvider;
import dev.nn4j.testkit.ActivationContract;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every built-in activation passes the kit's contract and gives the textbook values. */
class ActivationsTest {

  @Nested
  class Identity extends ActivationContract {
    @Override
    protected ActivationProvider<?> provider() {
      return new IdentityProvider();
    }
  }

  @Nested
  class Sigmoid extends ActivationContract {
    @Override
    protected ActivationProvider<?> provider() {
      return new SigmoidProvider();
    }
  }

  @Nested
  class Tanh extends ActivationContract {
    @Override
    protected ActivationProvider<?> provider() {
      return new TanhProvider();
    }
  }

  @Nested
  class Relu extends ActivationContract {
    @Override
    protected ActivationProvider<?> provider() {
      return new ReluProvider();
    }

    @Override
    protected double[] kinks() {
      return new double[] {0};
    }
  }

  @Test
  void valuesAndDerivatives() {
    Matrix z = Matrix.of(new float[] {-2, 0, 0.5f});
    assertThat(apply(new SigmoidProvider(), z)).containsExactly(
        new float[] {0.11920292f, 0.5f, 0.62245935f}, within(1e-7f));
    assertThat(derivative(new SigmoidProvider(), z)).containsExactly(
        new float[] {0.10499359f, 0.25f, 0.23500371f}, within(1e-7f));
    assertThat(apply(new TanhProvider(), z)).containsExactly(
        new float[] {-0.9640276f, 0f, 0.46211716f}, within(1e-7f));
    assertThat(apply(new ReluProvider(), z)).containsExactly(0f, 0f, 0.5f);
    assertThat(derivative(new ReluProvider(), z)).containsExactly(0f, 0f, 1f);
    assertThat(apply(new IdentityProvider(), z)).containsExactly(-2f, 0f, 0.5f);
    assertThat(derivative(new IdentityProvider(), z)).containsExactly(1f, 1f, 1f);
  }

  private static float[] apply(ActivationProvider<?> provider, Matrix z) {
    Matrix a = Matrix.zeros(z.rows(), z.cols());
    create(provider).forward(z, a);
    return a.data();
  }

  /** The diagonal of the Jacobian: backward with an upstream gradient of ones. */
  private static float[] derivative(ActivationProvider<?> provider, Matrix z) {
    Activation f = create(provider);
    Matrix a = Matrix.zeros(z.rows(), z.cols());
    f.forward(z, a);
    Matrix ones = new Matrix(z.rows(), z.cols(), new float[z.size()]);
    Arrays.fill(ones.data(), 1);
    Matrix gradZ = Matrix.zeros(z.rows(), z.cols());
    f.backward(z, a, ones, gradZ);
    return gradZ.data();
  }

  private static <P extends Record> Activation create(ActivationProvider<P> provider) {
    return provider.create(provider.defaultParameters());
  }
}
