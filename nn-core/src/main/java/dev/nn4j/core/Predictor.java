package dev.nn4j.core;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.ShapeException;
import dev.nn4j.api.spi.Activation;
import dev.nn4j.api.spi.Backend;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.core.layer.DenseLayer;
import java.util.List;

/**
 * A network frozen for predicting one sample at a time, made by {@link Network#predictor()}: the
 * server's path, one request, one sample. Each dense layer's weights are copied transposed
 * (inputs × units), so its product runs along rows of that copy ({@link Backend#multiplyRow}),
 * and every thread keeps its own buffers, so after a thread's first call {@link #predict(float[],
 * float[])} allocates nothing (the dense layers and the built-in activations; another layer
 * allocates what its own inference forward does).
 *
 * <p>Snapshot: it predicts with the parameter and buffer values the network had when it was
 * made. Training the network, loading values into it or writing its parameter arrays later does
 * not reach it: make a new predictor then.
 *
 * <p>Results: the outputs have the bits of the same sample's row in {@link Network#predict(Matrix)}
 * of a batch large enough for the backend's batch kernel (six rows and more on the vector
 * backend; four and more on the java backend, for finite values up to the sign of a zero), as far
 * as the backend's {@link Backend#multiplyRow} keeps its contract (the built-in ones do). They may
 * differ in the last bits from {@code Network.predict} of one row alone, which takes dot products
 * over the weights as they are.
 *
 * <p>Thread-safety: any number of threads may predict at once; each uses its own buffers.
 */
public final class Predictor {

  private final int inputs;
  private final int outputs;
  private final Backend backend;
  private final Step[] steps;
  /** Outputs per step, in the order the steps run. */
  private final int[] sizes;
  /** Whether a step other than a dense one reads the network's input (then it is copied). */
  private final boolean wrapsInput;
  private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(this::newBuffers);

  Predictor(Network source) {
    this.inputs = source.inputs();
    this.outputs = source.outputs();
    this.backend = source.backend();
    Network network = needsCopy(source) ? source.copy() : source;
    List<LayerNode> nodes = network.layers();
    int[] order = network.order();
    int[] position = new int[nodes.size()];
    for (int s = 0; s < order.length; s++) {
      position[order[s]] = s;
    }
    steps = new Step[order.length];
    sizes = new int[order.length];
    boolean wraps = false;
    for (int s = 0; s < order.length; s++) {
      LayerNode node = nodes.get(order[s]);
      int[] from = node.inputIndices().clone();
      for (int q = 0; q < from.length; q++) {
        from[q] = from[q] < 0 ? -1 : position[from[q]];
      }
      sizes[s] = node.shape().size();
      if (node.layer() instanceof DenseLayer dense) {
        steps[s] = new Step(null, from, transposed(dense), values(dense, "biases"),
            dense.activation(), dense.units(), dense.inputs());
      } else {
        steps[s] = new Step(node.layer(), from, null, null, null, sizes[s], 0);
        for (int f : from) {
          wraps |= f < 0;
        }
      }
    }
    this.wrapsInput = wraps;
  }

  /**
   * Whether a layer other than a dense one has values that training or loading may change later:
   * then the predictor runs on a copy of the network (a dense layer's weights are copied anyway).
   */
  private static boolean needsCopy(Network network) {
    for (LayerNode node : network.layers()) {
      if (!(node.layer() instanceof DenseLayer)
          && (!node.parameters().isEmpty() || !node.buffers().isEmpty())) {
        return true;
      }
    }
    return false;
  }

  /** The dense layer's weights, units × inputs, copied as inputs × units. */
  private static float[] transposed(DenseLayer dense) {
    float[] w = values(dense, "weights");
    int units = dense.units();
    int in = dense.inputs();
    float[] t = new float[w.length];
    for (int j = 0; j < units; j++) {
      for (int p = 0; p < in; p++) {
        t[p * units + j] = w[j * in + p];
      }
    }
    return t;
  }

  /** A copy of the dense layer's parameter of that name, or null if it has none. */
  private static float[] values(DenseLayer dense, String name) {
    for (Parameter p : dense.parameters()) {
      if (p.name().equals(name)) {
        return p.value().clone();
      }
    }
    return null;
  }

  /** Returns the number of input values per sample. */
  public int inputs() {
    return inputs;
  }

  /** Returns the number of outputs per sample. */
  public int outputs() {
    return outputs;
  }

  /**
   * Predicts one sample.
   *
   * @param x the sample's {@link #inputs()} values (scaled as the network was trained), read-only
   * @return a new array of {@link #outputs()} values
   * @throws ShapeException if {@code x} has the wrong length
   */
  public float[] predict(float... x) {
    float[] out = new float[outputs];
    predict(x, out);
    return out;
  }

  /**
   * Predicts one sample into {@code out}; after the calling thread's first call, allocates
   * nothing (see the class comment).
   *
   * @param x the sample's {@link #inputs()} values, read-only
   * @param out {@link #outputs()} values, overwritten; not {@code x}
   * @throws ShapeException if {@code x} or {@code out} has the wrong length
   */
  public void predict(float[] x, float[] out) {
    if (x.length != inputs || out.length != outputs) {
      throw new ShapeException("the network takes " + inputs + " inputs per sample and gives "
          + outputs + " outputs, but the sample has " + x.length + " values and the output array "
          + out.length);
    }
    Buffers b = buffers.get();
    if (wrapsInput) {
      System.arraycopy(x, 0, b.input, 0, inputs);
    }
    for (int s = 0; s < steps.length; s++) {
      Step step = steps[s];
      if (step.weights != null) {
        float[] in = step.from[0] < 0 ? x : b.values[step.from[0]];
        if (step.activation == null) {
          backend.multiplyRow(step.units, step.inputs, in, step.weights, step.biases,
              b.values[s]);
        } else {
          backend.multiplyRow(step.units, step.inputs, in, step.weights, step.biases,
              b.pre[s].data());
          step.activation.forward(b.pre[s], b.matrices[s]);
        }
      } else {
        step.layer.forward(b.inputs[s], b.matrices[s], false);
      }
    }
    System.arraycopy(b.values[steps.length - 1], 0, out, 0, outputs);
  }

  private Buffers newBuffers() {
    return new Buffers(this);
  }

  /**
   * One layer as the predictor runs it: a dense one by its transposed weights, biases and
   * activation; any other by its own inference forward.
   */
  private record Step(Layer layer, int[] from, float[] weights, float[] biases,
      Activation activation, int units, int inputs) {}

  /** One thread's outputs of every step, and the matrices that view them. */
  private static final class Buffers {
    final float[] input;
    final float[][] values;
    final Matrix[] matrices;
    final Matrix[] pre;
    final Matrix[][] inputs;

    Buffers(Predictor p) {
      int n = p.steps.length;
      input = new float[p.wrapsInput ? p.inputs : 0];
      Matrix in = p.wrapsInput ? new Matrix(1, p.inputs, input) : null;
      values = new float[n][];
      matrices = new Matrix[n];
      pre = new Matrix[n];
      inputs = new Matrix[n][];
      for (int s = 0; s < n; s++) {
        values[s] = new float[p.sizes[s]];
        matrices[s] = new Matrix(1, p.sizes[s], values[s]);
        Step step = p.steps[s];
        if (step.weights != null) {
          if (step.activation != null) {
            pre[s] = Matrix.zeros(1, step.units);
          }
          continue;
        }
        inputs[s] = new Matrix[step.from.length];
        for (int q = 0; q < step.from.length; q++) {
          inputs[s][q] = step.from[q] < 0 ? in : matrices[step.from[q]];
        }
      }
    }
  }
}
