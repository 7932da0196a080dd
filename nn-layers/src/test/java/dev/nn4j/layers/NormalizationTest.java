package dev.nn4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Shape;
import dev.nn4j.api.StateBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@code batch_norm} and {@code layer_norm}: hand-computed cases and gradient checks. */
class NormalizationTest {

  private static final BatchNormProvider BATCH_NORM = new BatchNormProvider();
  private static final LayerNormProvider LAYER_NORM = new LayerNormProvider();

  private static float[] buffer(Harness h, String name) {
    return h.layer.buffers().stream().filter(b -> b.name().equals(name)).findFirst()
        .map(StateBuffer::values).orElseThrow();
  }

  @Test
  void batchNormNormalisesWithTheBatchAndMovesTheRunningStatistics() {
    Harness h = Harness.of(BATCH_NORM, BATCH_NORM.defaultParameters(), Shape.vector(2));
    assertThat(h.context.calls).containsExactly("fill gamma 2 1.0", "fill beta 2 0.0",
        "fill running_mean 2 0.0", "fill running_var 2 1.0");
    h.parameter("gamma").value()[1] = 2;
    h.parameter("beta").value()[1] = 5;
    // Feature 0: [1, 3], mean 2, biased variance 1, unbiased 2. Feature 1: [4, 4], variance 0.
    Matrix y = h.forward(Matrix.of(new float[] {1, 4}, new float[] {3, 4}), true);
    float unit = (float) (1 / Math.sqrt(1 + 1e-5));
    assertThat(y.data()).containsExactly(new float[] {-unit, 5, unit, 5}, within(1e-6f));
    assertThat(buffer(h, "running_mean")).containsExactly(new float[] {0.2f, 0.4f},
        within(1e-7f));
    assertThat(buffer(h, "running_var")).containsExactly(new float[] {1.1f, 0.9f},
        within(1e-7f));
  }

  @Test
  void batchNormInfersWithTheRunningStatisticsAndLeavesThemAlone() {
    Harness h = Harness.of(BATCH_NORM, new BatchNormProvider.Parameters(0.5, 1e-5),
        Shape.image(1, 1, 2));
    float[] mean = buffer(h, "running_mean");
    float[] variance = buffer(h, "running_var");
    mean[0] = 3;
    variance[0] = 4;
    h.parameter("beta").value()[0] = 1;
    Matrix y = h.forward(Matrix.of(new float[] {3, 7}, new float[] {-1, 5}), false);
    double sd = Math.sqrt(4 + 1e-5);
    assertThat(y.data()).containsExactly(new float[] {1, (float) (1 + 4 / sd),
        (float) (1 - 4 / sd), (float) (1 + 2 / sd)}, within(1e-6f));
    assertThat(mean).containsExactly(3);
    assertThat(variance).containsExactly(4);
  }

  @Test
  void batchNormOverImagesPoolsHeightAndWidthPerChannel() {
    Harness h = Harness.of(BATCH_NORM, BATCH_NORM.defaultParameters(), Shape.image(2, 1, 2));
    // Channel 0 holds 0, 2 (sample 0) and 4, 6 (sample 1): mean 3; channel 1 holds only 1s.
    h.forward(Matrix.of(new float[] {0, 2, 1, 1}, new float[] {4, 6, 1, 1}), true);
    assertThat(buffer(h, "running_mean")).containsExactly(new float[] {0.3f, 0.1f},
        within(1e-7f));
    // Unbiased variance of 0, 2, 4, 6: 20/3.
    assertThat(buffer(h, "running_var")).containsExactly(
        new float[] {0.9f + 2 / 3f, 0.9f}, within(1e-6f));
  }

  @Test
  void batchNormPassesTheGradientCheckOnVectorsAndImages() {
    for (Shape shape : new Shape[] {Shape.vector(4), Shape.image(3, 2, 3)}) {
      Harness h = Harness.of(BATCH_NORM, BATCH_NORM.defaultParameters(), shape);
      randomise(h.parameter("gamma").value(), 1, 0.5);
      randomise(h.parameter("beta").value(), 0, 0.5);
      h.checkGradients(Harness.uniform(11, 5, shape.size(), -2, 3), 1e-2, 2e-3, true);
    }
  }

  @Test
  void batchNormNeedsTwoValuesPerChannelToTrain() {
    Harness h = Harness.of(BATCH_NORM, BATCH_NORM.defaultParameters(), Shape.vector(3));
    Matrix one = Matrix.of(new float[] {1, 2, 3});
    assertThatThrownBy(() -> h.forward(one, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than 1 value per channel");
    assertThat(h.forward(one, false).data()).containsExactly(
        new float[] {1, 2, 3}, within(1e-4f));
  }

  @Test
  void batchNormParametersAreValidated() {
    assertThatThrownBy(() -> new BatchNormProvider.Parameters(1.5, 1e-5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("momentum");
    assertThatThrownBy(() -> new BatchNormProvider.Parameters(0.1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epsilon");
  }

  @Test
  void layerNormNormalisesEachSampleOverAllItsValues() {
    Harness h = Harness.of(LAYER_NORM, LAYER_NORM.defaultParameters(), Shape.vector(3));
    assertThat(h.context.calls).containsExactly("fill gamma 3 1.0", "fill beta 3 0.0");
    h.parameter("gamma").value()[2] = 2;
    h.parameter("beta").value()[0] = 1;
    Matrix x = Matrix.of(new float[] {1, 2, 3}, new float[] {10, 10, 10});
    Matrix y = h.forward(x, true);
    float z = (float) (1 / Math.sqrt(2 / 3.0 + 1e-5));
    assertThat(y.data()).containsExactly(new float[] {1 - z, 0, 2 * z, 1, 0, 0}, within(1e-6f));
    assertThat(h.forward(x, false)).isEqualTo(y);
  }

  @Test
  void layerNormPassesTheGradientCheck() {
    Harness h = Harness.of(LAYER_NORM, LAYER_NORM.defaultParameters(), Shape.image(2, 2, 3));
    randomise(h.parameter("gamma").value(), 1, 0.5);
    randomise(h.parameter("beta").value(), 0, 0.5);
    h.checkGradients(Harness.uniform(12, 3, 12, -2, 3), 1e-2, 2e-3, true);
  }

  @Test
  void layerNormParametersAreValidated() {
    assertThatThrownBy(() -> new LayerNormProvider.Parameters(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epsilon");
  }

  private static void randomise(float[] values, double centre, double spread) {
    SplittableRandom random = new SplittableRandom(values.length);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (centre + random.nextDouble(-spread, spread));
    }
  }
}
