package dev.nn4j.optimizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.api.Parameter;
import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.api.spi.OptimizerProvider;
import dev.nn4j.testkit.OptimizerContract;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sgd} passes the kit's contract and applies w ← w − ε·∂C/∂w exactly. */
class SgdTest extends OptimizerContract {

  @Override
  protected OptimizerProvider<?> provider() {
    return new SgdProvider();
  }

  @Override
  protected Record nonDefaultParameters() {
    return new SgdProvider.Parameters(0.05);
  }

  @Test
  void stepsAgainstTheGradientByTheLearningRate() {
    Parameter p = new Parameter("w", new float[] {1, -2}, new float[] {0.5f, -4});
    Optimizer sgd = new SgdProvider().create(new SgdProvider.Parameters(0.1));
    sgd.step(List.of(p));
    assertThat(p.value()).containsExactly(1 - 0.1f * 0.5f, -2 + 0.1f * 4);
    sgd.step(List.of(p), 1.0);
    assertThat(p.value()).containsExactly(1 - 0.1f * 0.5f - 0.5f, -2 + 0.1f * 4 + 4);
  }

  @Test
  void learningRateMustBePositiveAndFinite() {
    assertThat(new SgdProvider().defaultParameters().learningRate()).isEqualTo(0.01);
    assertThatThrownBy(() -> new SgdProvider.Parameters(0))
        .hasMessageContaining("learningRate must be a finite number > 0, was 0.0");
    assertThatThrownBy(() -> new SgdProvider.Parameters(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
