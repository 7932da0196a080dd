package dev.nn4j.core.layer;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Shape;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerContext;
import dev.nn4j.core.internal.Workspace;
import java.util.List;

/**
 * Inverted dropout (Srivastava et al., 2014): while training each value is kept with probability
 * 1 − rate and scaled by 1/(1 − rate); at inference the input passes unchanged. The masks are a
 * hash of the seed, the step, the layer's index and the element, so a resumed run draws the same.
 *
 * <p>Thread-safety: as {@link Layer}.
 */
public final class DropoutLayer implements Layer {

  private final double rate;
  private LayerContext context;
  private Workspace mask;

  /**
   * Makes the layer.
   *
   * @param rate the probability of dropping a value, in [0, 1)
   */
  public DropoutLayer(double rate) {
    this.rate = rate;
  }

  @Override
  public Shape build(List<Shape> inputs, LayerContext layerContext) {
    this.context = layerContext;
    this.mask = new Workspace(inputs.get(0).size());
    return inputs.get(0);
  }

  @Override
  public void forward(Matrix[] inputs, Matrix output, boolean training) {
    Matrix x = inputs[0];
    int n = x.size();
    if (!training || rate == 0) {
      System.arraycopy(x.data(), 0, output.data(), 0, n);
      return;
    }
    Dropout.apply(context.seed(), context.step(), context.index(), rate, x.data(),
        mask.view(x.rows()).data(), output.data(), n);
  }

  @Override
  public void backward(Matrix[] inputs, Matrix output, Matrix gradOutput, Matrix[] gradInputs,
      boolean accumulate) {
    if (gradInputs[0] == null) {
      return;
    }
    int n = gradOutput.size();
    if (rate == 0) {
      System.arraycopy(gradOutput.data(), 0, gradInputs[0].data(), 0, n);
      return;
    }
    Dropout.multiply(gradOutput.data(), mask.view(gradOutput.rows()).data(),
        gradInputs[0].data(), n);
  }
}
