package dev.nn4j.core.layer;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Shape;
import dev.nn4j.api.spi.Activation;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerContext;
import java.util.List;

/**
 * An activation on its own, {@code a = f(x)}, of any shape: a configuration's {@code type:
 * activation} layer with its {@code activation:} key. No parameters.
 *
 * <p>Thread-safety: as {@link Layer}; it holds only the activation, which is thread-safe.
 */
public final class ActivationLayer implements Layer {

  private final Activation activation;

  /**
   * Makes the layer.
   *
   * @param activation f
   */
  public ActivationLayer(Activation activation) {
    this.activation = activation;
  }

  /** Returns f. */
  public Activation activation() {
    return activation;
  }

  @Override
  public Shape build(List<Shape> inputs, LayerContext context) {
    return inputs.get(0);
  }

  @Override
  public void forward(Matrix[] inputs, Matrix output, boolean training) {
    activation.forward(inputs[0], output);
  }

  @Override
  public void backward(Matrix[] inputs, Matrix output, Matrix gradOutput, Matrix[] gradInputs,
      boolean accumulate) {
    if (gradInputs[0] != null) {
      activation.backward(inputs[0], output, gradOutput, gradInputs[0]);
    }
  }
}
