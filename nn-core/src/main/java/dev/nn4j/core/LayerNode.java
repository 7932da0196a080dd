package dev.nn4j.core;

import dev.nn4j.api.Parameter;
import dev.nn4j.api.Shape;
import dev.nn4j.api.StateBuffer;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.core.config.LayerSpec;
import java.util.List;

/**
 * One layer of a {@link Network}: the built {@link Layer}, where its inputs come from and the
 * shape it outputs.
 *
 * <p>Thread-safety: as {@link Network}.
 */
public final class LayerNode {

  private final int index;
  private final LayerSpec spec;
  private final Layer layer;
  private final int[] inputs;
  private final List<Shape> inputShapes;
  private final Shape shape;

  LayerNode(int index, LayerSpec spec, Layer layer, int[] inputs, List<Shape> inputShapes,
      Shape shape) {
    this.index = index;
    this.spec = spec;
    this.layer = layer;
    this.inputs = inputs;
    this.inputShapes = List.copyOf(inputShapes);
    this.shape = shape;
  }

  /** Returns its position in the network's layer list. */
  public int index() {
    return index;
  }

  /** Returns its configured name, or {@code layers[i]} when it has none. */
  public String name() {
    return spec.name() != null ? spec.name() : "layers[" + index + "]";
  }

  /** Returns the configuration it was built from. */
  public LayerSpec spec() {
    return spec;
  }

  /** Returns the layer's type, the plugin name. */
  public String type() {
    return spec.type().name();
  }

  /** Returns the built layer. */
  public Layer layer() {
    return layer;
  }

  /** Indices of its input nodes; -1 for the network's input. */
  int[] inputIndices() {
    return inputs;
  }

  /** Returns the shapes of its inputs. */
  public List<Shape> inputShapes() {
    return inputShapes;
  }

  /** Returns the shape of its output. */
  public Shape shape() {
    return shape;
  }

  /** Returns its trainable parameters, named within the layer. */
  public List<Parameter> parameters() {
    return layer.parameters();
  }

  /** Returns its state buffers. */
  public List<StateBuffer> buffers() {
    return layer.buffers();
  }

  /**
   * Returns a copy of one parameter's values.
   *
   * @param name the name within the layer, e.g. {@code weights}
   * @return a copy of the values
   * @throws IllegalArgumentException if the layer has no such parameter
   */
  public float[] parameter(String name) {
    for (Parameter p : layer.parameters()) {
      if (p.name().equals(name)) {
        return p.value().clone();
      }
    }
    throw new IllegalArgumentException(name() + " has no parameter '" + name + "'; it has "
        + layer.parameters().stream().map(Parameter::name).toList());
  }

  /** Returns the number of trainable scalars. */
  public int parameterCount() {
    return layer.parameters().stream().mapToInt(Parameter::size).sum();
  }

  @Override
  public String toString() {
    String activation = spec.activation() == null ? "" : ", " + spec.activation().name();
    return name() + "[" + type() + " " + inputShapes + "→" + shape + activation + "]";
  }
}
