package dev.nn4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Shape;
import dev.nn4j.api.ShapeException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code embedding}: lookups, the sparse gradient, and the errors for bad ids. */
class EmbeddingTest {

  private static Harness table(int length) {
    Harness h = Harness.of(new EmbeddingProvider(), new EmbeddingProvider.Parameters(4, 2),
        Shape.vector(length));
    float[] w = h.parameter("weights").value();
    for (int i = 0; i < w.length; i++) {
      w[i] = 10 * (i / 2) + i % 2;
    }
    return h;
  }

  @Test
  void looksUpOneRowPerId() {
    Harness h = table(1);
    assertThat(h.output).isEqualTo(Shape.vector(2));
    assertThat(h.context.calls).containsExactly("initialize weights 8 fanIn 1 fanOut 2");
    Matrix y = h.forward(Matrix.of(new float[] {2}, new float[] {0}, new float[] {3}), false);
    assertThat(y).isEqualTo(Matrix.of(new float[] {20, 21}, new float[] {0, 1},
        new float[] {30, 31}));
  }

  @Test
  void severalIdsPerSampleGiveTheirRowsSideBySide() {
    Harness h = table(3);
    assertThat(h.output).isEqualTo(Shape.vector(6));
    Matrix y = h.forward(Matrix.of(new float[] {1, 1, 3}), true);
    assertThat(y).isEqualTo(Matrix.of(new float[] {10, 11, 10, 11, 30, 31}));
  }

  @Test
  void theGradientTouchesOnlyTheRowsTheBatchUsed() {
    Harness h = table(2);
    Matrix x = Matrix.of(new float[] {1, 3}, new float[] {1, 1});
    Matrix y = h.forward(x, true);
    float[] g = h.parameter("weights").gradient();
    g[0] = 99;
    Matrix dx = h.backward(x, y, Matrix.of(new float[] {1, 2, 3, 4}, new float[] {5, 6, 7, 8}),
        false);
    assertThat(g).containsExactly(0, 0, 1 + 5 + 7, 2 + 6 + 8, 0, 0, 3, 4);
    assertThat(dx).isEqualTo(Matrix.zeros(2, 2));
    h.backward(x, y, Matrix.of(new float[] {1, 0, 0, 0}, new float[] {0, 0, 0, 0}), true);
    assertThat(g[2]).isEqualTo(14);
  }

  @Test
  void passesTheGradientCheck() {
    Harness h = table(3);
    h.checkGradients(Matrix.of(new float[] {0, 2, 2}, new float[] {3, 0, 1}), 1e-2, 1e-3,
        false);
  }

  @Test
  void anIdOutOfRangeNamesTheIdAndTheTableSize() {
    Harness h = table(1);
    assertThatThrownBy(() -> h.forward(Matrix.of(new float[] {1}, new float[] {4}), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id 4.0")
        .hasMessageContaining("sample 1")
        .hasMessageContaining("4 rows");
    assertThatThrownBy(() -> h.forward(Matrix.of(new float[] {-1}), true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id -1.0");
  }

  @Test
  void anIdThatIsNotAWholeNumberIsAnError() {
    Harness h = table(1);
    assertThatThrownBy(() -> h.forward(Matrix.of(new float[] {1.5f}), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id 1.5")
        .hasMessageContaining("not a whole number");
    assertThatThrownBy(() -> h.forward(Matrix.of(new float[] {Float.NaN}), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id NaN");
  }

  @Test
  void needsAVectorOfIds() {
    assertThatThrownBy(() -> new EmbeddingProvider().create(new EmbeddingProvider.Parameters(3, 2))
        .build(List.of(Shape.image(1, 2, 2)), new TestContext(1)))
        .isInstanceOf(ShapeException.class)
        .hasMessageContaining("1×2×2");
  }

  @Test
  void parametersAreValidated() {
    assertThatThrownBy(() -> new EmbeddingProvider.Parameters(0, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numEmbeddings");
    assertThatThrownBy(() -> new EmbeddingProvider.Parameters((1 << 24) + 1, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 16777216");
    assertThat(new EmbeddingProvider.Parameters(1 << 24, 1).numEmbeddings()).isEqualTo(1 << 24);
    assertThatThrownBy(() -> new EmbeddingProvider.Parameters(2, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("embeddingDim");
  }
}
