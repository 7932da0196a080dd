package dev.nn4j.layers;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.NoParameters;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.Shape;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerContext;
import dev.nn4j.api.spi.LayerProvider;
import dev.nn4j.api.spi.NoParametersProvider;
import java.util.List;

/**
 * {@code flatten}: an image C × H × W becomes a vector of C·H·W values in row-major order
 * (channel, then row, then column), as PyTorch's {@code nn.Flatten()}; a vector passes through
 * unchanged. Since a batch already holds each sample as one row in that order, the values are
 * copied, not moved: y = x, ∂C/∂x = ∂C/∂y.
 */
public final class FlattenProvider implements LayerProvider<NoParameters>,
    NoParametersProvider<Layer> {

  @Override
  public String name() {
    return "flatten";
  }

  @Override
  public String description() {
    return "image C×H×W → vector of C·H·W values (channel, row, column order); a vector passes "
        + "through";
  }

  @Override
  public Layer create(NoParameters parameters) {
    return new Flatten();
  }

  /** The layer: a copy forward and backward. */
  static final class Flatten implements Layer {

    @Override
    public Shape build(List<Shape> inputs, LayerContext context) {
      return Shape.vector(Checks.single("flatten", inputs).size());
    }

    @Override
    public List<Parameter> parameters() {
      return List.of();
    }

    @Override
    public void forward(Matrix[] inputs, Matrix output, boolean training) {
      System.arraycopy(inputs[0].data(), 0, output.data(), 0, output.size());
    }

    @Override
    public void backward(Matrix[] inputs, Matrix output, Matrix gradOutput, Matrix[] gradInputs,
        boolean accumulate) {
      if (gradInputs[0] != null) {
        System.arraycopy(gradOutput.data(), 0, gradInputs[0].data(), 0, gradOutput.size());
      }
    }
  }
}
