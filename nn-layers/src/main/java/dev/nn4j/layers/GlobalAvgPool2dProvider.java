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
 * {@code global_avg_pool2d}: the mean of each channel of an image, y_c = (1 / HW)·Σ_{h,w}
 * x_{c,h,w}, giving a vector of C values; PyTorch's {@code nn.AdaptiveAvgPool2d(1)} followed by
 * {@code nn.Flatten()}. The gradient spreads evenly: ∂C/∂x_{c,h,w} = (1 / HW)·∂C/∂y_c. Lin et
 * al., "Network In Network", 2013, arXiv:1312.4400.
 */
public final class GlobalAvgPool2dProvider implements LayerProvider<NoParameters>,
    NoParametersProvider<Layer> {

  @Override
  public String name() {
    return "global_avg_pool2d";
  }

  @Override
  public String description() {
    return "image C×H×W → vector of C channel means, y_c = (1/HW)·Σ_{h,w} x_{c,h,w}";
  }

  @Override
  public Layer create(NoParameters parameters) {
    return new GlobalAvgPool2d();
  }

  /** The layer. */
  static final class GlobalAvgPool2d implements Layer {
    private int channels;
    private int area;

    @Override
    public Shape build(List<Shape> inputs, LayerContext context) {
      Shape in = Checks.image("global_avg_pool2d", inputs);
      channels = in.channels();
      area = in.height() * in.width();
      return Shape.vector(channels);
    }

    @Override
    public List<Parameter> parameters() {
      return List.of();
    }

    @Override
    public void forward(Matrix[] inputs, Matrix output, boolean training) {
      float[] x = inputs[0].data();
      float[] y = output.data();
      int planes = output.rows() * channels;
      for (int p = 0; p < planes; p++) {
        double sum = 0;
        for (int i = p * area, end = i + area; i < end; i++) {
          sum += x[i];
        }
        y[p] = (float) (sum / area);
      }
    }

    @Override
    public void backward(Matrix[] inputs, Matrix output, Matrix gradOutput, Matrix[] gradInputs,
        boolean accumulate) {
      if (gradInputs[0] == null) {
        return;
      }
      float[] dy = gradOutput.data();
      float[] dx = gradInputs[0].data();
      int planes = gradOutput.rows() * channels;
      for (int p = 0; p < planes; p++) {
        float g = dy[p] / area;
        for (int i = p * area, end = i + area; i < end; i++) {
          dx[i] = g;
        }
      }
    }
  }
}
