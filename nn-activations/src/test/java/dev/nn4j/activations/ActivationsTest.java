package dev.nn4j.activations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

  @Nested
  class LeakyRelu extends ActivationContract {
    @Override
    protected ActivationProvider<?> provider() {
      return new LeakyReluProvider();
    }

    @Override
    protected double[] kinks() {
      return new double[] {0};
    }

    @Override
    protected Record nonDefaultParameters() {
      return new LeakyReluProvider.Parameters(0.2);
    }
  }

  @Nested
  class Elu extends ActivationContract {
    @Override
    protected ActivationProvider<?> provider() {
      return new EluProvider();
    }

    @Override
    protected double[] kinks() {
      return new double[] {0};
    }

    @Override
    protected Record nonDefaultParameters() {
      return new EluProvider.Parameters(0.5);
    }
  }

  @Nested
  class Selu extends ActivationContract {
    @Override
    protected ActivationProvider<?> provider() {
      return new SeluProvider();
    }

    @Override
    protected double[] kinks() {
      return new double[] {0};
    }
  }

  @Nested
  class Gelu extends ActivationContract {
    @Override
    protected ActivationProvider<?> provider() {
      return new GeluProvider();
    }

    @Override
    protected Record nonDefaultParameters() {
      return new GeluProvider.Parameters("tanh");
    }
  }

  /** The tanh approximation, through the contract too. */
  @Nested
  class GeluTanh extends ActivationContract {
    @Override
    protected ActivationProvider<?> provider() {
      return new GeluProvider();
    }

    @Override
    protected Activation activation() {
      return new GeluProvider().create(new GeluProvider.Parameters("tanh"));
    }
  }

  @Nested
  class Softplus extends ActivationContract {
    @Override
    protected ActivationProvider<?> provider() {
      return new SoftplusProvider();
    }
  }

  @Nested
  class Softsign extends ActivationContract {
    @Override
    protected ActivationProvider<?> provider() {
      return new SoftsignProvider();
    }

    /** f' = 1/(1 + |z|)² has a kink at 0. */
    @Override
    protected double[] kinks() {
      return new double[] {0};
    }
  }

  @Nested
  class Silu extends ActivationContract {
    @Override
    protected ActivationProvider<?> provider() {
      return new SiluProvider();
    }
  }

  @Nested
  class HardSigmoid extends ActivationContract {
    @Override
    protected ActivationProvider<?> provider() {
      return new HardSigmoidProvider();
    }

    @Override
    protected double[] kinks() {
      return new double[] {-3, 3};
    }
  }

  @Nested
  class Softmax extends ActivationContract {
    @Override
    protected ActivationProvider<?> provider() {
      return new SoftmaxProvider();
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
    assertThat(apply(new LeakyReluProvider(), z)).containsExactly(-0.02f, 0f, 0.5f);
    assertThat(apply(new EluProvider(), z)).containsExactly(
        new float[] {-0.86466473f, 0f, 0.5f}, within(1e-7f));
    assertThat(apply(new SeluProvider(), z)).containsExactly(
        new float[] {-1.5201665f, 0f, 0.52535051f}, within(1e-6f));
    // PyTorch 1.13, float64: gelu(z) and gelu(z, approximate='tanh')
    assertThat(apply(new GeluProvider(), z)).containsExactly(
        new float[] {-0.04550026f, 0f, 0.34573123f}, within(1e-8f));
    assertThat(forward(new GeluProvider().create(new GeluProvider.Parameters("tanh")), z))
        .containsExactly(new float[] {-0.04540231f, 0f, 0.34571401f}, within(1e-8f));
    assertThat(apply(new SoftplusProvider(), z)).containsExactly(
        new float[] {0.12692801f, 0.69314718f, 0.97407698f}, within(1e-6f));
    assertThat(apply(new SoftsignProvider(), z)).containsExactly(
        new float[] {-0.6666667f, 0f, 0.33333334f}, within(1e-7f));
    assertThat(apply(new SiluProvider(), z)).containsExactly(
        new float[] {-0.23840584f, 0f, 0.31122968f}, within(1e-6f));
    assertThat(apply(new HardSigmoidProvider(), z)).containsExactly(
        new float[] {0.16666667f, 0.5f, 0.5833333f}, within(1e-7f));
  }

  /** ReLU's derivative is computed without a branch; it must still be exactly 0 or 1. */
  @Test
  void reluDerivativeIsExactlyAStepAtTheEdges() {
    float min = Float.MIN_VALUE;
    Matrix z = Matrix.of(new float[] {min, -min, 0f, -0f, Float.MAX_VALUE, -Float.MAX_VALUE,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-30f, -1e-30f});
    assertThat(derivative(new ReluProvider(), z))
        .containsExactly(1f, 0f, 0f, 0f, 1f, 0f, 1f, 0f, 1f, 0f);
  }

  @Test
  void softmaxIsPerRowAndStableForHugeLogits() {
    Matrix z = Matrix.of(new float[] {1, 2, 3}, new float[] {1e4f, -1e4f, 1e4f});
    float[] a = apply(new SoftmaxProvider(), z);
    assertThat(a).containsExactly(new float[] {0.09003057f, 0.24472847f, 0.66524096f,
        0.5f, 0f, 0.5f}, within(1e-7f));
  }

  @Test
  void parametersAreValidated() {
    assertThat(new LeakyReluProvider().defaultParameters().alpha()).isEqualTo(0.01);
    assertThatThrownBy(() -> new EluProvider.Parameters(0))
        .hasMessage("alpha must be a finite number > 0, was 0.0");
    assertThatThrownBy(() -> new LeakyReluProvider.Parameters(-1))
        .hasMessage("alpha must be a finite number >= 0, was -1.0");
  }

  private static float[] apply(ActivationProvider<?> provider, Matrix z) {
    return forward(create(provider), z);
  }

  private static float[] forward(Activation f, Matrix z) {
    Matrix a = Matrix.zeros(z.rows(), z.cols());
    f.forward(z, a);
    return a.data();
  }

  @Test
  void geluRejectsAnUnknownApproximation() {
    assertThatThrownBy(() -> new GeluProvider.Parameters("fast"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("approximate must be 'none' or 'tanh', was 'fast'");
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
