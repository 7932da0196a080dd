package dev.nn4j.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.Shape;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerProvider;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One built layer and the calls tests make on it: forward, backward, and a central-difference
 * check of backward against the cost C = Σ r·y, evaluated in double from the float outputs.
 */
final class Harness {
  final Layer layer;
  final Shape input;
  final Shape output;
  final TestContext context;

  private Harness(Layer layer, Shape input, Shape output, TestContext context) {
    this.layer = layer;
    this.input = input;
    this.output = output;
    this.context = context;
  }

  /** Creates the provider's layer with the given parameters and builds it for one input shape. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Harness of(LayerProvider provider, Record parameters, Shape input) {
    return of((Layer) provider.create(parameters), input);
  }

  /** Builds the layer for one input shape. */
  static Harness of(Layer layer, Shape input) {
    return of(layer, input, new TestContext(7));
  }

  /** Builds the layer for one input shape in the given context. */
  static Harness of(Layer layer, Shape input, TestContext context) {
    Shape output = layer.build(List.of(input), context);
    return new Harness(layer, input, output, context);
  }

  /** The parameter of the given name. */
  Parameter parameter(String name) {
    return layer.parameters().stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no parameter " + name + " in "
            + layer.parameters()));
  }

  /** Runs forward into a fresh output. */
  Matrix forward(Matrix x, boolean training) {
    Matrix y = Matrix.zeros(x.rows(), output.size());
    layer.forward(new Matrix[] {x}, y, training);
    return y;
  }

  /** Runs backward and returns the input gradient. */
  Matrix backward(Matrix x, Matrix y, Matrix dy, boolean accumulate) {
    Matrix dx = Matrix.zeros(x.rows(), input.size());
    layer.backward(new Matrix[] {x}, y, dy, new Matrix[] {dx}, accumulate);
    return dx;
  }

  /** A rows × size matrix of values drawn uniformly from [low, high). */
  static Matrix uniform(long seed, int rows, int cols, double low, double high) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] data = new float[rows * cols];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextDouble(low, high);
    }
    return new Matrix(rows, cols, data);
  }

  /** C = Σ r·y in double. */
  private double cost(Matrix x, Matrix r, boolean training) {
    Matrix y = forward(x, training);
    double sum = 0;
    for (int i = 0; i < y.size(); i++) {
      sum += (double) r.data()[i] * y.data()[i];
    }
    return sum;
  }

  /**
   * Checks backward's input gradient and every parameter gradient against central differences
   * (C(v + h) − C(v − h)) / 2h of the training forward, for a random r; fails naming the first
   * entry off by more than {@code tolerance}·(1 + max |gradient|).
   *
   * @param checkInput whether to check the input gradient (not for integer inputs)
   */
  void checkGradients(Matrix x, double h, double tolerance, boolean checkInput) {
    Matrix r = uniform(99, x.rows(), output.size(), -1, 1);
    Matrix y = forward(x, true);
    Matrix dx = backward(x, y, r, false);
    for (Parameter p : layer.parameters()) {
      float[] analytic = p.gradient().clone();
      compare(p.name(), p.value(), analytic, x, r, h, tolerance);
    }
    if (checkInput) {
      compare("input", x.data(), dx.data(), x, r, h, tolerance);
    }
  }

  private void compare(String what, float[] values, float[] analytic, Matrix x, Matrix r,
      double h, double tolerance) {
    double scale = 1;
    for (float a : analytic) {
      scale = Math.max(scale, Math.abs(a));
    }
    for (int i = 0; i < analytic.length; i++) {
      float saved = values[i];
      values[i] = (float) (saved + h);
      double plus = cost(x, r, true);
      values[i] = (float) (saved - h);
      double minus = cost(x, r, true);
      values[i] = saved;
      double numeric = (plus - minus) / (2 * h);
      assertThat(Math.abs(numeric - analytic[i]))
          .as("∂C/∂%s[%d]: backward gives %s, central difference %s", what, i, analytic[i],
              numeric)
          .isLessThanOrEqualTo(tolerance * scale);
    }
  }
}
