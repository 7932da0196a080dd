package dev.nn4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.NoParameters;
import dev.nn4j.api.Shape;
import dev.nn4j.api.ShapeException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code flatten} and {@code global_avg_pool2d} on hand-computed cases. */
class ShapeLayersTest {

  @Test
  void flattenTurnsAnImageIntoItsRowMajorVector() {
    Harness h = Harness.of(new FlattenProvider(), NoParameters.INSTANCE, Shape.image(2, 1, 2));
    assertThat(h.output).isEqualTo(Shape.vector(4));
    Matrix x = Matrix.of(new float[] {1, 2, 3, 4}, new float[] {5, 6, 7, 8});
    Matrix y = h.forward(x, true);
    assertThat(y).isEqualTo(x);
    Matrix dy = Matrix.of(new float[] {-1, -2, -3, -4}, new float[] {9, 8, 7, 6});
    assertThat(h.backward(x, y, dy, false)).isEqualTo(dy);
    assertThat(h.layer.parameters()).isEmpty();
  }

  @Test
  void flattenPassesAVectorThrough() {
    Harness h = Harness.of(new FlattenProvider(), NoParameters.INSTANCE, Shape.vector(3));
    assertThat(h.output).isEqualTo(Shape.vector(3));
    Matrix x = Matrix.of(new float[] {1, -2, 3});
    assertThat(h.forward(x, false)).isEqualTo(x);
  }

  @Test
  void globalAveragePoolingTakesEachChannelsMean() {
    Harness h = Harness.of(new GlobalAvgPool2dProvider(), NoParameters.INSTANCE,
        Shape.image(2, 1, 2));
    assertThat(h.output).isEqualTo(Shape.vector(2));
    Matrix x = Matrix.of(new float[] {1, 2, 3, 5});
    Matrix y = h.forward(x, true);
    assertThat(y).isEqualTo(Matrix.of(new float[] {1.5f, 4f}));
    Matrix dx = h.backward(x, y, Matrix.of(new float[] {2, -4}), false);
    assertThat(dx).isEqualTo(Matrix.of(new float[] {1, 1, -2, -2}));
  }

  @Test
  void globalAveragePoolingPassesTheGradientCheck() {
    Harness h = Harness.of(new GlobalAvgPool2dProvider(), NoParameters.INSTANCE,
        Shape.image(3, 4, 5));
    h.checkGradients(Harness.uniform(1, 2, 60, -2, 2), 1e-2, 1e-3, true);
  }

  @Test
  void globalAveragePoolingNeedsAnImage() {
    assertThatThrownBy(() -> new GlobalAvgPool2dProvider().create(NoParameters.INSTANCE)
        .build(List.of(Shape.vector(12)), new TestContext(1)))
        .isInstanceOf(ShapeException.class)
        .hasMessageContaining("global_avg_pool2d needs an image")
        .hasMessageContaining("12");
  }
}
