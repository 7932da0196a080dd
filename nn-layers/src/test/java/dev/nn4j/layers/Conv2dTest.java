package dev.nn4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Shape;
import dev.nn4j.api.ShapeException;
import dev.nn4j.layers.Conv2dProvider.Parameters;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code conv2d}: hand-computed cases, gradient checks and validation. */
class Conv2dTest {

  private static Parameters conv(int out, int kernel, int stride, int padding, int dilation,
      int groups, boolean bias) {
    return new Parameters(out, kernel, stride, padding, dilation, groups, bias);
  }

  @Test
  void aTwoByTwoKernelOfOnesSumsEachWindowAndAddsTheBias() {
    Harness h = Harness.of(new Conv2dProvider(), conv(1, 2, 1, 0, 1, 1, true),
        Shape.image(1, 3, 3));
    assertThat(h.output).isEqualTo(Shape.image(1, 2, 2));
    Arrays.fill(h.parameter("weights").value(), 1f);
    h.parameter("biases").value()[0] = 0.5f;
    Matrix x = Matrix.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    Matrix y = h.forward(x, true);
    assertThat(y).isEqualTo(Matrix.of(new float[] {12.5f, 16.5f, 24.5f, 28.5f}));
    Matrix dx = h.backward(x, y, Matrix.of(new float[] {1, 1, 1, 1}), false);
    assertThat(dx).isEqualTo(Matrix.of(new float[] {1, 2, 1, 2, 4, 2, 1, 2, 1}));
    assertThat(h.parameter("weights").gradient()).containsExactly(12, 16, 24, 28);
    assertThat(h.parameter("biases").gradient()).containsExactly(4);
  }

  @Test
  void paddingAddsZerosAroundTheImage() {
    Harness h = Harness.of(new Conv2dProvider(), conv(1, 3, 1, 1, 1, 1, false),
        Shape.image(1, 2, 2));
    assertThat(h.output).isEqualTo(Shape.image(1, 2, 2));
    assertThat(h.layer.parameters()).hasSize(1);
    Arrays.fill(h.parameter("weights").value(), 1f);
    Matrix y = h.forward(Matrix.of(new float[] {1, 2, 3, 4}), false);
    assertThat(y).isEqualTo(Matrix.of(new float[] {10, 10, 10, 10}));
  }

  @Test
  void strideAndDilationSpaceTheTaps() {
    Harness h = Harness.of(new Conv2dProvider(), conv(1, 2, 2, 0, 2, 1, false),
        Shape.image(1, 5, 5));
    assertThat(h.output).isEqualTo(Shape.image(1, 2, 2));
    float[] w = h.parameter("weights").value();
    w[0] = 1;
    w[1] = 10;
    w[2] = 100;
    w[3] = 1000;
    float[] x = new float[25];
    for (int i = 0; i < 25; i++) {
      x[i] = i;
    }
    // y[i, j] = x[2i, 2j] + 10·x[2i, 2j+2] + 100·x[2i+2, 2j] + 1000·x[2i+2, 2j+2]
    Matrix y = h.forward(Matrix.of(x), false);
    assertThat(y).isEqualTo(Matrix.of(new float[] {
      0 + 20 + 1000 + 12000, 2 + 40 + 1200 + 14000,
      10 + 120 + 2000 + 22000, 12 + 140 + 2200 + 24000}));
  }

  @Test
  void groupsSeeOnlyTheirOwnChannels() {
    Harness h = Harness.of(new Conv2dProvider(), conv(2, 1, 1, 0, 1, 2, true),
        Shape.image(2, 1, 2));
    float[] w = h.parameter("weights").value();
    assertThat(w).hasSize(2);
    w[0] = 2;
    w[1] = 3;
    h.parameter("biases").value()[1] = 1;
    Matrix x = Matrix.of(new float[] {1, 2, 10, 20});
    Matrix y = h.forward(x, true);
    assertThat(y).isEqualTo(Matrix.of(new float[] {2, 4, 31, 61}));
    Matrix dx = h.backward(x, y, Matrix.of(new float[] {1, 1, 1, -1}), false);
    assertThat(dx).isEqualTo(Matrix.of(new float[] {2, 2, 3, -3}));
    assertThat(h.parameter("weights").gradient()).containsExactly(3, -10);
  }

  @Test
  void weightsAreInitialisedWithPytorchsFansAndBiasesFilledWithZero() {
    Harness h = Harness.of(new Conv2dProvider(), conv(6, 3, 1, 0, 1, 2, true),
        Shape.image(4, 5, 5));
    assertThat(h.context.calls).containsExactly(
        "initialize weights 108 fanIn 18 fanOut 54", "fill biases 6 0.0");
    assertThat(h.layer.regularized()).containsExactly("weights");
  }

  @Test
  void passesTheGradientCheck() {
    Harness h = Harness.of(new Conv2dProvider(), conv(4, 3, 2, 1, 1, 2, true),
        Shape.image(2, 6, 5));
    Arrays.fill(h.parameter("biases").value(), 0.3f);
    h.checkGradients(Harness.uniform(4, 2, 60, -1, 1), 1e-2, 1e-3, true);
  }

  @Test
  void passesTheGradientCheckWithDilation() {
    Harness h = Harness.of(new Conv2dProvider(), conv(2, 2, 1, 2, 3, 1, false),
        Shape.image(3, 4, 5));
    h.checkGradients(Harness.uniform(6, 2, 60, -1, 1), 1e-2, 1e-3, true);
  }

  @Test
  void backwardAccumulatesWhenAskedAndOverwritesOtherwise() {
    Harness h = Harness.of(new Conv2dProvider(), conv(2, 3, 1, 1, 1, 1, true),
        Shape.image(2, 4, 4));
    Matrix x = Harness.uniform(8, 3, 32, -1, 1);
    Matrix y = h.forward(x, true);
    Matrix dy = Harness.uniform(9, 3, 32, -1, 1);
    h.backward(x, y, dy, false);
    float[] once = h.parameter("weights").gradient().clone();
    h.backward(x, y, dy, true);
    float[] twice = h.parameter("weights").gradient().clone();
    h.backward(x, y, dy, false);
    for (int i = 0; i < once.length; i++) {
      assertThat(twice[i]).isCloseTo(2 * once[i], within(1e-5f * (1 + Math.abs(once[i]))));
      assertThat(h.parameter("weights").gradient()[i]).isEqualTo(once[i]);
    }
  }

  @Test
  void aBatchSplitIntoChunksGivesWhatOneChunkGives() {
    Parameters p = conv(4, 3, 2, 1, 1, 2, true);
    Shape in = Shape.image(2, 6, 5);
    Harness whole = Harness.of(new Conv2d(p), in);
    // 1 channel per group · 9 taps · 3×3 positions = 81 floats per sample: chunks of 2 samples
    Harness chunked = Harness.of(new Conv2d(p, 2 * 81 + 80), in);
    assertThat(((Conv2d) chunked.layer).chunk(5)).isEqualTo(2);
    assertThat(((Conv2d) whole.layer).chunk(5)).isEqualTo(5);
    Arrays.fill(whole.parameter("biases").value(), 0.3f);
    Arrays.fill(chunked.parameter("biases").value(), 0.3f);
    assertThat(chunked.parameter("weights").value())
        .containsExactly(whole.parameter("weights").value());
    Matrix x = Harness.uniform(11, 5, in.size(), -1, 1);
    Matrix dy = Harness.uniform(12, 5, whole.output.size(), -1, 1);
    Matrix y = whole.forward(x, true);
    assertThat(chunked.forward(x, true)).isEqualTo(y);
    assertThat(chunked.forward(x, false)).isEqualTo(y);
    assertThat(chunked.backward(x, y, dy, false)).isEqualTo(whole.backward(x, y, dy, false));
    assertThat(chunked.parameter("biases").gradient())
        .containsExactly(whole.parameter("biases").gradient());
    float[] expected = whole.parameter("weights").gradient();
    float[] actual = chunked.parameter("weights").gradient();
    for (int i = 0; i < expected.length; i++) {
      // summed over the chunks in another order: the last bits may differ
      assertThat(actual[i]).isCloseTo(expected[i], within(1e-5f * (1 + Math.abs(expected[i]))));
    }
  }

  /** Geometries whose taps fall wholly outside the image on some rows and columns. */
  @Test
  void matchesTheFormulaWhereTapsFallOutsideTheImage() {
    int[][] cases = { // channels, height, width, out, kernel, stride, padding, dilation
      {1, 1, 1, 1, 3, 2, 2, 2}, {2, 3, 2, 2, 3, 3, 3, 1}, {1, 4, 5, 2, 2, 2, 2, 3},
      {2, 5, 3, 1, 3, 1, 4, 2}};
    for (int[] t : cases) {
      Parameters p = conv(t[3], t[4], t[5], t[6], t[7], 1, true);
      Harness h = Harness.of(new Conv2dProvider(), p, Shape.image(t[0], t[1], t[2]));
      Arrays.fill(h.parameter("biases").value(), 0.25f);
      Matrix x = Harness.uniform(3, 2, h.input.size(), -1, 1);
      Matrix y = h.forward(x, true);
      float[] w = h.parameter("weights").value();
      int oh = h.output.height();
      int ow = h.output.width();
      for (int n = 0; n < 2; n++) {
        for (int o = 0; o < t[3]; o++) {
          for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
              double sum = 0.25;
              for (int c = 0; c < t[0]; c++) {
                for (int u = 0; u < t[4]; u++) {
                  for (int v = 0; v < t[4]; v++) {
                    int r = i * t[5] - t[6] + u * t[7];
                    int q = j * t[5] - t[6] + v * t[7];
                    if (r >= 0 && r < t[1] && q >= 0 && q < t[2]) {
                      sum += w[((o * t[0] + c) * t[4] + u) * t[4] + v]
                          * x.get(n, (c * t[1] + r) * t[2] + q);
                    }
                  }
                }
              }
              assertThat(y.get(n, (o * oh + i) * ow + j)).as("%s", Arrays.toString(t))
                  .isCloseTo((float) sum, within(1e-5f));
            }
          }
        }
      }
      h.checkGradients(Harness.uniform(4, 2, h.input.size(), -1, 1), 1e-2, 1e-3, true);
    }
  }

  @Test
  void inputChannelsMustSplitIntoTheGroups() {
    assertThatThrownBy(() -> new Conv2dProvider().create(conv(4, 1, 1, 0, 1, 2, true))
        .build(List.of(Shape.image(3, 4, 4)), new TestContext(1)))
        .isInstanceOf(ShapeException.class)
        .hasMessageContaining("3×4×4")
        .hasMessageContaining("groups 2");
  }

  @Test
  void parametersAreValidatedWithTheFieldNamed() {
    assertThatThrownBy(() -> conv(0, 3, 1, 0, 1, 1, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outChannels");
    assertThatThrownBy(() -> conv(4, 3, 0, 0, 1, 1, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stride");
    assertThatThrownBy(() -> conv(4, 3, 1, -1, 1, 1, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("padding");
    assertThatThrownBy(() -> conv(4, 3, 1, 0, 0, 1, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dilation");
    assertThatThrownBy(() -> conv(5, 3, 1, 0, 1, 2, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outChannels must be a multiple of groups");
  }
}
