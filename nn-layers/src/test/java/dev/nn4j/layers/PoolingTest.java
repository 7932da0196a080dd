package dev.nn4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Shape;
import dev.nn4j.api.ShapeException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@code max_pool2d} and {@code avg_pool2d}: hand-computed cases and gradient checks. */
class PoolingTest {

  private static final float[] FOUR_BY_FOUR = {
    1, 2, 5, 0,
    4, 3, 6, 8,
    -1, -2, 0, 0,
    -3, -4, 7, 1
  };

  @Test
  void maxPoolingTakesEachWindowsLargestAndRoutesItsGradient() {
    Harness h = Harness.of(new MaxPool2dProvider(), new Pool2dParameters(2, 0, 0),
        Shape.image(1, 4, 4));
    assertThat(h.output).isEqualTo(Shape.image(1, 2, 2));
    Matrix x = Matrix.of(FOUR_BY_FOUR);
    Matrix y = h.forward(x, true);
    assertThat(y).isEqualTo(Matrix.of(new float[] {4, 8, -1, 7}));
    Matrix dx = h.backward(x, y, Matrix.of(new float[] {10, 20, 30, 40}), false);
    assertThat(dx).isEqualTo(Matrix.of(new float[] {
      0, 0, 0, 0,
      10, 0, 0, 20,
      30, 0, 0, 0,
      0, 0, 40, 0}));
  }

  @Test
  void maxPoolingLetsTheFirstNanOfAWindowWinAsPytorchDoes() {
    Harness h = Harness.of(new MaxPool2dProvider(), new Pool2dParameters(2, 0, 0),
        Shape.image(1, 2, 4));
    float nan = Float.NaN;
    // windows: {1, 9, NaN, NaN} → NaN at its third value; {3, NaN, 8, 2} → NaN at its second
    Matrix x = Matrix.of(new float[] {1, 9, 3, nan, nan, nan, 8, 2});
    Matrix y = h.forward(x, true);
    assertThat(y.data()).containsExactly(nan, nan);
    Matrix dx = h.backward(x, y, Matrix.of(new float[] {10, 20}), false);
    assertThat(dx).isEqualTo(Matrix.of(new float[] {0, 0, 0, 20, 10, 0, 0, 0}));
  }

  @Test
  void twoByTwoMaxPoolingRoutesLikeARowMajorScanWithTiesZerosInfinitiesAndNans() {
    float[] values = {-1, 0, -0f, 0f, 1, 2, 2, Float.NaN, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, 3e38f, -3e38f, Float.MIN_VALUE, -Float.MIN_VALUE};
    SplittableRandom random = new SplittableRandom(11);
    for (int stride : new int[] {2, 1}) {
      Shape in = Shape.image(3, 6, 8);
      Harness h = Harness.of(new MaxPool2dProvider(), new Pool2dParameters(2, stride, 0), in);
      int rows = 5;
      float[] x = new float[rows * in.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextInt(4) == 0 ? values[random.nextInt(values.length)]
            : random.nextInt(-3, 4);
      }
      int outH = h.output.height();
      int outW = h.output.width();
      int[] expected = new int[rows * in.channels() * outH * outW];
      for (int plane = 0, o = 0; plane < rows * in.channels(); plane++) {
        for (int oh = 0; oh < outH; oh++) {
          for (int ow = 0; ow < outW; ow++, o++) {
            int best = -1;
            for (int dh = 0; dh < 2 && (best < 0 || !Float.isNaN(x[best])); dh++) {
              for (int dw = 0; dw < 2; dw++) {
                int i = plane * 48 + (oh * stride + dh) * 8 + ow * stride + dw;
                if (best < 0 || Float.isNaN(x[i]) || x[i] > x[best]) {
                  best = i;
                  if (Float.isNaN(x[i])) {
                    break;
                  }
                }
              }
            }
            expected[o] = best;
          }
        }
      }
      Matrix input = new Matrix(rows, in.size(), x);
      Matrix y = h.forward(input, true);
      float[] dy = new float[expected.length];
      float[] dx = new float[x.length];
      for (int o = 0; o < expected.length; o++) {
        assertThat(Float.floatToRawIntBits(y.data()[o])).as("stride %d, output %d", stride, o)
            .isEqualTo(Float.floatToRawIntBits(x[expected[o]]));
        dy[o] = o + 1;
        dx[expected[o]] += dy[o];
      }
      Matrix gradient = h.backward(input, y, new Matrix(rows, y.cols(), dy), false);
      assertThat(gradient.data()).as("stride %d", stride).containsExactly(dx);
    }
  }

  @Test
  void maxPoolingPadsWithMinusInfinityAndTakesTheFirstOfEqualValues() {
    Harness h = Harness.of(new MaxPool2dProvider(), new Pool2dParameters(2, 1, 1),
        Shape.image(1, 1, 2));
    assertThat(h.output).isEqualTo(Shape.image(1, 2, 3));
    Matrix x = Matrix.of(new float[] {-5, -5});
    Matrix y = h.forward(x, true);
    assertThat(y).isEqualTo(Matrix.of(new float[] {-5, -5, -5, -5, -5, -5}));
    Matrix dx = h.backward(x, y, Matrix.of(new float[] {1, 1, 1, 1, 1, 1}), false);
    assertThat(dx).isEqualTo(Matrix.of(new float[] {4, 2}));
  }

  @Test
  void averagePoolingCountsThePaddingInTheDivisor() {
    Harness h = Harness.of(new AvgPool2dProvider(), new Pool2dParameters(3, 1, 1),
        Shape.image(1, 2, 2));
    assertThat(h.output).isEqualTo(Shape.image(1, 2, 2));
    Matrix x = Matrix.of(new float[] {1, 2, 3, 3});
    Matrix y = h.forward(x, true);
    assertThat(y).isEqualTo(Matrix.of(new float[] {1, 1, 1, 1}));
    Matrix dx = h.backward(x, y, Matrix.of(new float[] {9, 9, 9, 9}), false);
    assertThat(dx).isEqualTo(Matrix.of(new float[] {4, 4, 4, 4}));
  }

  @Test
  void averagePoolingWithTheDefaultStrideTilesTheImage() {
    Harness h = Harness.of(new AvgPool2dProvider(), new AvgPool2dProvider().defaultParameters(),
        Shape.image(1, 4, 4));
    Matrix y = h.forward(Matrix.of(FOUR_BY_FOUR), false);
    assertThat(y).isEqualTo(Matrix.of(new float[] {2.5f, 19 / 4f, -2.5f, 2}));
  }

  @Test
  void maxPoolingPassesTheGradientCheckAwayFromTies() {
    Harness h = Harness.of(new MaxPool2dProvider(), new Pool2dParameters(3, 2, 1),
        Shape.image(2, 7, 6));
    h.checkGradients(distinct(3, 84), 1e-2, 1e-3, true);
  }

  @Test
  void averagePoolingPassesTheGradientCheck() {
    Harness h = Harness.of(new AvgPool2dProvider(), new Pool2dParameters(3, 2, 1),
        Shape.image(2, 7, 6));
    h.checkGradients(Harness.uniform(5, 3, 84, -2, 2), 1e-2, 1e-3, true);
  }

  @Test
  void theOutputSizeFollowsPytorchsFloorMode() {
    Harness h = Harness.of(new MaxPool2dProvider(), new Pool2dParameters(3, 2, 0),
        Shape.image(4, 8, 7));
    assertThat(h.output).isEqualTo(Shape.image(4, 3, 3));
  }

  @Test
  void parametersAreValidatedWithTheFieldNamed() {
    assertThatThrownBy(() -> new Pool2dParameters(0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kernel");
    assertThatThrownBy(() -> new Pool2dParameters(2, -1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stride");
    assertThatThrownBy(() -> new Pool2dParameters(3, 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("padding must be at most half the kernel");
    assertThat(new Pool2dParameters(3, 0, 1).effectiveStride()).isEqualTo(3);
  }

  @Test
  void aWindowLargerThanTheImageIsAShapeError() {
    assertThatThrownBy(() -> new MaxPool2dProvider().create(new Pool2dParameters(5, 1, 0))
        .build(List.of(Shape.image(1, 3, 8)), new TestContext(1)))
        .isInstanceOf(ShapeException.class)
        .hasMessageContaining("1×3×8")
        .hasMessageContaining("height 3");
  }

  /** Rows × cols values, all distinct and at least 0.05 apart, in random order. */
  private static Matrix distinct(int rows, int cols) {
    int n = rows * cols;
    float[] data = new float[n];
    for (int i = 0; i < n; i++) {
      data[i] = (i - n / 2) * 0.05f;
    }
    SplittableRandom random = new SplittableRandom(3);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      float t = data[i];
      data[i] = data[j];
      data[j] = t;
    }
    return new Matrix(rows, cols, data);
  }
}
