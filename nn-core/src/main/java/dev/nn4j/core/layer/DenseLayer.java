package dev.nn4j.core.layer;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.Shape;
import dev.nn4j.api.spi.Activation;
import dev.nn4j.api.spi.Backend;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerContext;
import dev.nn4j.core.internal.Workspace;
import java.util.List;

/**
 * A fully connected layer: {@code z = x·Wᵀ + b}, {@code a = f(z)}, then inverted dropout of
 * {@code a} while training when a rate is set. Weights {@code W} are units × inputs, so {@code
 * W[j][k]} connects input k to unit j; an image input is taken as its flattened values. The
 * activation f is the shorthand of a configuration's {@code activation:} key (none: the identity).
 *
 * <p>Parameters: {@code weights} (units × inputs, drawn by the layer's initializer) and, unless
 * built without, {@code biases} (units, zero). L1/L2 regularisation applies to the weights.
 *
 * <p>Thread-safety: as {@link Layer}: inference from any number of threads, training from one.
 */
public final class DenseLayer implements Layer {

  private final int units;
  private final boolean hasBias;
  private final Activation activation;
  private final double dropout;
  private Backend backend;
  private LayerContext context;
  private int inputs;
  private float[] weights;
  private float[] biases;
  private float[] weightGrad;
  private float[] biasGrad;
  private List<Parameter> parameters;
  private Workspace z;
  private Workspace a;
  private Workspace mask;
  private Workspace gradA;
  private Workspace delta;
  private float[] scratch;
  /** Views of the workspaces for {@link #viewRows} rows, refreshed when the batch size changes. */
  private int viewRows = -1;
  private Matrix zView;
  private Matrix aView;
  private Matrix maskView;
  private Matrix gradAView;
  private Matrix deltaView;

  /**
   * Makes an unbuilt dense layer.
   *
   * @param units outputs, at least 1
   * @param hasBias whether it adds biases
   * @param activation f, or null for none (the identity)
   * @param dropout the rate of inverted dropout of its outputs while training, in [0, 1)
   */
  public DenseLayer(int units, boolean hasBias, Activation activation, double dropout) {
    if (units < 1) {
      throw new IllegalArgumentException("units must be at least 1, was " + units);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), was " + dropout);
    }
    this.units = units;
    this.hasBias = hasBias;
    this.activation = activation;
    this.dropout = dropout;
  }

  @Override
  public Shape build(List<Shape> shapes, LayerContext layerContext) {
    this.context = layerContext;
    this.backend = layerContext.backend();
    this.inputs = shapes.get(0).size();
    weights = new float[Math.multiplyExact(units, inputs)];
    weightGrad = new float[weights.length];
    layerContext.initialize("weights", weights, inputs, units);
    if (hasBias) {
      biases = new float[units];
      biasGrad = new float[units];
      layerContext.fill("biases", biases, 0f);
      parameters = List.of(new Parameter("weights", weights, weightGrad),
          new Parameter("biases", biases, biasGrad));
    } else {
      parameters = List.of(new Parameter("weights", weights, weightGrad));
    }
    return Shape.vector(units);
  }

  @Override
  public List<Parameter> parameters() {
    return parameters;
  }

  @Override
  public List<String> regularized() {
    return List.of("weights");
  }

  /** Returns the number of outputs. */
  public int units() {
    return units;
  }

  /** Returns the number of inputs (after {@link #build}). */
  public int inputs() {
    return inputs;
  }

  /** Returns whether it adds biases. */
  public boolean hasBias() {
    return hasBias;
  }

  /** Returns the activation, or null for the identity. */
  public Activation activation() {
    return activation;
  }

  /** Returns the dropout rate. */
  public double dropout() {
    return dropout;
  }

  @Override
  public void forward(Matrix[] in, Matrix output, boolean training) {
    Matrix x = in[0];
    int rows = x.rows();
    if (!training) {
      Matrix pre = activation == null ? output : Matrix.zeros(rows, units);
      backend.multiplyTransposedB(rows, units, inputs, x.data(), weights, biases, pre.data());
      if (activation != null) {
        activation.forward(pre, output);
      }
      return;
    }
    views(rows);
    Matrix zv = activation == null && dropout == 0 ? output : zView;
    backend.multiplyTransposedB(rows, units, inputs, x.data(), weights, biases, zv.data());
    if (activation == null && dropout == 0) {
      return;
    }
    Matrix av = dropout == 0 ? output : activation == null ? zv : aView;
    if (activation != null) {
      activation.forward(zv, av);
    }
    if (dropout > 0) {
      Dropout.apply(context.seed(), context.step(), context.index(), dropout, av.data(),
          maskView.data(), output.data(), rows * units);
    }
  }

  /** Points the workspace views at {@code rows} rows, making the workspaces on first use. */
  private void views(int rows) {
    if (rows == viewRows) {
      return;
    }
    if (z == null) {
      z = new Workspace(units);
      a = new Workspace(units);
      mask = new Workspace(units);
      gradA = new Workspace(units);
      delta = new Workspace(units);
    }
    zView = z.view(rows);
    deltaView = delta.view(rows);
    if (dropout > 0) { // only dropout needs the activations apart from the output, and a mask
      aView = a.view(rows);
      maskView = mask.view(rows);
      gradAView = gradA.view(rows);
    }
    viewRows = rows;
  }

  @Override
  public void backward(Matrix[] in, Matrix output, Matrix gradOutput, Matrix[] gradInputs,
      boolean accumulate) {
    int rows = gradOutput.rows();
    views(rows);
    Matrix g = gradOutput;
    if (dropout > 0) {
      Dropout.multiply(g.data(), maskView.data(), gradAView.data(), rows * units);
      g = gradAView;
    }
    Matrix d = g;
    if (activation != null) {
      d = deltaView;
      activation.backward(zView, dropout == 0 ? output : aView, g, d);
    }
    backwardFromDelta(in, d, gradInputs, accumulate);
  }

  /**
   * The workspace a fused loss gradient ∂C/∂z is written into, for {@link #backwardFromDelta}
   * (only after a training forward, and only without dropout).
   *
   * @param rows the batch's rows
   * @return a view of the layer's δ workspace
   */
  public Matrix delta(int rows) {
    views(rows);
    return deltaView;
  }

  /**
   * The backward pass from δ = ∂C/∂z: the weight and bias gradients and, where asked, the input
   * gradient δ·W.
   *
   * @param in the inputs of the training forward
   * @param d ∂C/∂z, rows × units
   * @param gradInputs where the input gradient goes (null entries: none)
   * @param accumulate whether to add to the parameter gradients
   */
  public void backwardFromDelta(Matrix[] in, Matrix d, Matrix[] gradInputs, boolean accumulate) {
    int rows = d.rows();
    float[] x = in[0].data();
    if (accumulate) {
      if (scratch == null) {
        scratch = new float[weights.length];
      }
      backend.multiplyTransposedA(units, inputs, rows, d.data(), x, scratch);
      add(scratch, weightGrad, weightGrad.length);
      if (hasBias) {
        backend.columnSums(rows, units, d.data(), scratch);
        add(scratch, biasGrad, units);
      }
    } else {
      backend.multiplyTransposedA(units, inputs, rows, d.data(), x, weightGrad);
      if (hasBias) {
        backend.columnSums(rows, units, d.data(), biasGrad);
      }
    }
    if (gradInputs[0] != null) {
      backend.multiply(rows, inputs, units, d.data(), weights, gradInputs[0].data());
    }
  }

  private static void add(float[] from, float[] to, int n) {
    for (int i = 0; i < n; i++) {
      to[i] += from[i];
    }
  }

  @Override
  public String toString() {
    return "Dense[" + inputs + "→" + units + (hasBias ? "" : ", no bias") + "]";
  }
}
