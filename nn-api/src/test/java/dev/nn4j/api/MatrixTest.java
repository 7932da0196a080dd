package dev.nn4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MatrixTest {

  @Test
  void storesRowsRowMajor() {
    Matrix m = Matrix.of(new float[] {1, 2, 3}, new float[] {4, 5, 6});
    assertThat(m.shape()).isEqualTo("2×3");
    assertThat(m.data()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(m.get(1, 0)).isEqualTo(4);
    assertThat(m.row(1)).containsExactly(4, 5, 6);
  }

  @Test
  void rejectsRaggedRowsAndShortArrays() {
    assertThatThrownBy(() -> Matrix.of(new float[] {1, 2}, new float[] {3}))
        .isInstanceOf(ShapeException.class);
    assertThatThrownBy(() -> new Matrix(2, 2, new float[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 4 floats but the array holds 3");
  }

  @Test
  void shapeErrorsGiveBothShapes() {
    Matrix m = Matrix.zeros(2, 3);
    assertThatThrownBy(() -> m.requireShape("targets", 2, 1))
        .isInstanceOf(ShapeException.class)
        .hasMessage("targets must be 2×1 but is 2×3");
    assertThatThrownBy(() -> m.requireSameShape("predictions", "targets", Matrix.zeros(3, 3)))
        .hasMessageContaining("predictions is 2×3 but targets is 3×3");
  }

  @Test
  void copiesAreIndependentAndEqualByContent() {
    Matrix m = Matrix.of(new float[] {1, 2});
    Matrix c = m.copy();
    assertThat(c).isEqualTo(m).hasSameHashCodeAs(m);
    c.data()[0] = 9;
    assertThat(m.get(0, 0)).isEqualTo(1);
    assertThat(c).isNotEqualTo(m);
  }

  @Test
  void firstRowsSharesTheArray() {
    Matrix m = Matrix.of(new float[] {1}, new float[] {2}, new float[] {3});
    Matrix top = m.firstRows(2);
    assertThat(top.shape()).isEqualTo("2×1");
    assertThat(top.data()).isSameAs(m.data());
  }

  @Test
  void smallMatricesShowTheirValues() {
    assertThat(Matrix.of(new float[] {1, 2}, new float[] {3, 4})).hasToString(
        "Matrix[2×2: [1.0, 2.0], [3.0, 4.0]]");
    assertThat(Matrix.zeros(10, 10)).hasToString("Matrix[10×10]");
  }
}
