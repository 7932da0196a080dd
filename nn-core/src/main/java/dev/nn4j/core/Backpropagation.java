package dev.nn4j.core;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.ShapeException;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.core.internal.Kernels;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes the gradient of a loss with respect to every weight and bias of a network, by the
 * backward pass of backpropagation. For each layer l, from the last to the first:
 *
 * <pre>
 *   δ_l      = f_l'ᵀ(∂C/∂a_l)         local gradient ∂C/∂z_l (activation's vector-Jacobian product)
 *   ∂C/∂W_l  = δ_lᵀ · a_{l−1}
 *   ∂C/∂b_l  = Σ_rows δ_l
 *   ∂C/∂a_{l−1} = δ_l · W_l
 * </pre>
 *
 * <p>When the loss {@linkplain Loss#fusesWith fuses} with the output activation (softmax with
 * categorical cross-entropy, say), the output layer's δ comes from {@link Loss#fusedGradient}
 * directly, which is both cheaper and numerically stable.
 *
 * <p>All buffers are allocated once, for batches of up to {@code capacity} rows; a pass allocates
 * nothing unless the batch size changes. {@link #parameters()} exposes the network's own weight
 * arrays with their gradient buffers, in a fixed order, ready for an optimizer.
 *
 * <p>Thread-safety: not thread-safe; one instance belongs to one training run.
 */
public final class Backpropagation {

  private final Network network;
  private final Loss loss;
  private final int capacity;
  private final boolean fusedOutput;
  private final List<Parameter> parameters;
  private final float[][] z;
  private final float[][] a;
  private final float[][] delta;
  private final float[][] gradA;
  private final float[][] weightGrad;
  private final float[][] biasGrad;
  private Matrix[][] views = new Matrix[0][];
  private int viewRows = -1;

  /**
   * Prepares backpropagation for a network.
   *
   * @param network the network whose parameters the gradients are for
   * @param loss the cost C
   * @param capacity the largest batch (rows) a pass will see
   */
  public Backpropagation(Network network, Loss loss, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.network = network;
    this.loss = loss;
    this.capacity = capacity;
    this.fusedOutput = loss.fusesWith(network.layers().get(network.layers().size() - 1)
        .activation().name());
    int n = network.layers().size();
    z = new float[n][];
    a = new float[n][];
    delta = new float[n][];
    gradA = new float[n][];
    weightGrad = new float[n][];
    biasGrad = new float[n][];
    List<Parameter> params = new ArrayList<>();
    for (int l = 0; l < n; l++) {
      DenseLayer layer = network.layers().get(l);
      int size = capacity * layer.units();
      z[l] = new float[size];
      a[l] = new float[size];
      delta[l] = new float[size];
      gradA[l] = new float[size];
      weightGrad[l] = new float[layer.weightArray().length];
      params.add(new Parameter("layers[" + l + "].weights", layer.weightArray(), weightGrad[l]));
      if (layer.hasBias()) {
        biasGrad[l] = new float[layer.units()];
        params.add(new Parameter("layers[" + l + "].bias", layer.biasArray(), biasGrad[l]));
      }
    }
    this.parameters = List.copyOf(params);
  }

  /**
   * Returns the network's parameters with their gradient buffers: for each layer its weights
   * ({@code layers[i].weights}) and, if it has them, its biases ({@code layers[i].bias}). The
   * value arrays are the network's own, so an optimizer stepping on them trains the network.
   */
  public List<Parameter> parameters() {
    return parameters;
  }

  /**
   * Runs the forward and backward pass on one batch, leaving ∂C/∂(every parameter) in the
   * gradient buffers of {@link #parameters()}.
   *
   * @param x inputs, rows ≤ capacity, network inputs columns
   * @param y targets, same rows, network outputs columns
   * @return the loss C on the batch, before any update
   * @throws ShapeException if the shapes do not fit the network or the capacity
   */
  public double pass(Matrix x, Matrix y) {
    int rows = x.rows();
    if (rows < 1 || rows > capacity) {
      throw new ShapeException(
          "a batch of " + rows + " rows does not fit the capacity of " + capacity);
    }
    x.requireShape("inputs", rows, network.inputs());
    y.requireShape("targets", rows, network.outputs());
    Matrix[][] v = views(rows);
    List<DenseLayer> layers = network.layers();
    int last = layers.size() - 1;

    Matrix input = x;
    for (int l = 0; l <= last; l++) {
      DenseLayer layer = layers.get(l);
      Kernels.forward(input, layer.weightArray(), layer.biasArray(), v[l][Z]);
      layer.activationFunction().forward(v[l][Z], v[l][A]);
      input = v[l][A];
    }
    double cost = loss.value(v[last][A], y);
    if (fusedOutput) {
      loss.fusedGradient(v[last][A], y, v[last][DELTA]);
    } else {
      loss.gradient(v[last][A], y, v[last][GRAD_A]);
    }

    for (int l = last; l >= 0; l--) {
      DenseLayer layer = layers.get(l);
      if (l < last || !fusedOutput) {
        layer.activationFunction().backward(v[l][Z], v[l][A], v[l][GRAD_A], v[l][DELTA]);
      }
      Matrix previous = l == 0 ? x : v[l - 1][A];
      Kernels.weightGradient(v[l][DELTA], previous, weightGrad[l]);
      if (layer.hasBias()) {
        Kernels.biasGradient(v[l][DELTA], biasGrad[l]);
      }
      if (l > 0) {
        Kernels.inputGradient(v[l][DELTA], layer.weightArray(), v[l - 1][GRAD_A]);
      }
    }
    return cost;
  }

  private static final int Z = 0;
  private static final int A = 1;
  private static final int GRAD_A = 2;
  private static final int DELTA = 3;

  /** Views of the buffers for {@code rows}-row batches; rebuilt only when the row count changes. */
  private Matrix[][] views(int rows) {
    if (rows != viewRows) {
      List<DenseLayer> layers = network.layers();
      views = new Matrix[layers.size()][];
      for (int l = 0; l < layers.size(); l++) {
        int units = layers.get(l).units();
        views[l] = new Matrix[] {
            new Matrix(rows, units, z[l]), new Matrix(rows, units, a[l]),
            new Matrix(rows, units, gradA[l]), new Matrix(rows, units, delta[l])
        };
      }
      viewRows = rows;
    }
    return views;
  }
}
