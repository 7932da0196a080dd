package dev.nn4j.core;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.ShapeException;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.api.spi.Backend;
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
  private final float[][] mask;
  private final float[][] dropped;
  private final long seed;
  private final Backend backend;
  private Matrix[][] views = new Matrix[0][];
  private int viewRows = -1;
  private Matrix[][] otherViews = new Matrix[0][];
  private int otherRows = -1;

  /**
   * Prepares backpropagation for a network.
   *
   * @param network the network whose parameters the gradients are for
   * @param loss the cost C
   * @param capacity the largest batch (rows) a pass will see
   */
  public Backpropagation(Network network, Loss loss, int capacity) {
    this(network, loss, capacity, 0);
  }

  /**
   * Prepares backpropagation for a network whose layers may use dropout.
   *
   * @param network the network whose parameters the gradients are for
   * @param loss the cost C
   * @param capacity the largest batch (rows) a pass will see
   * @param seed seed of the dropout masks; the mask of a pass depends only on the seed, the step
   *     number given to {@link #pass(Matrix, Matrix, long)}, the layer and the element
   */
  public Backpropagation(Network network, Loss loss, int capacity, long seed) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.network = network;
    this.loss = loss;
    this.capacity = capacity;
    this.seed = seed;
    this.backend = network.backend();
    this.fusedOutput = loss.fusesWith(network.layers().get(network.layers().size() - 1)
        .activation().name());
    int n = network.layers().size();
    z = new float[n][];
    a = new float[n][];
    delta = new float[n][];
    gradA = new float[n][];
    weightGrad = new float[n][];
    biasGrad = new float[n][];
    mask = new float[n][];
    dropped = new float[n][];
    List<Parameter> params = new ArrayList<>();
    for (int l = 0; l < n; l++) {
      DenseLayer layer = network.layers().get(l);
      int size = capacity * layer.units();
      z[l] = new float[size];
      a[l] = new float[size];
      delta[l] = new float[size];
      gradA[l] = new float[size];
      weightGrad[l] = new float[layer.weightArray().length];
      if (layer.regularization().dropout() > 0) {
        mask[l] = new float[size];
        dropped[l] = new float[size];
      }
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
    return pass(x, y, 0);
  }

  /**
   * Runs the forward and backward pass of one training step, leaving ∂C/∂(every parameter) in
   * the gradient buffers of {@link #parameters()}; layers with dropout use the step's masks.
   *
   * @param x inputs, rows ≤ capacity, network inputs columns
   * @param y targets, same rows, network outputs columns
   * @param step the step number, which with the seed determines the dropout masks
   * @return the loss C on the batch (without regularisation penalties), before any update
   * @throws ShapeException if the shapes do not fit the network or the capacity
   */
  public double pass(Matrix x, Matrix y, long step) {
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
      backend.multiplyTransposedB(rows, layer.units(), layer.inputs(), input.data(),
          layer.weightArray(), layer.biasArray(), z[l]);
      layer.activationFunction().forward(v[l][Z], v[l][A]);
      input = v[l][A];
      if (mask[l] != null) {
        dropout(l, rows * layer.units(), layer.regularization().dropout(), step);
        input = v[l][DROPPED];
      }
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
      Matrix previous = l == 0 ? x : mask[l - 1] != null ? v[l - 1][DROPPED] : v[l - 1][A];
      backend.multiplyTransposedA(layer.units(), layer.inputs(), rows, delta[l], previous.data(),
          weightGrad[l]);
      penalize(layer, weightGrad[l]);
      if (layer.hasBias()) {
        backend.columnSums(rows, layer.units(), delta[l], biasGrad[l]);
      }
      if (l > 0) {
        backend.multiply(rows, layer.inputs(), layer.units(), delta[l], layer.weightArray(),
            gradA[l - 1]);
        if (mask[l - 1] != null) {
          float[] g = gradA[l - 1];
          float[] m = mask[l - 1];
          for (int i = 0; i < rows * layers.get(l - 1).units(); i++) {
            g[i] *= m[i];
          }
        }
      }
    }
    return cost;
  }

  private static final int Z = 0;
  private static final int A = 1;
  private static final int GRAD_A = 2;
  private static final int DELTA = 3;
  private static final int DROPPED = 4;

  /**
   * Inverted dropout of layer l's outputs: each is kept with probability 1 − p and scaled by
   * 1/(1 − p). The keep decision hashes (seed, step, layer, element), so it needs no generator
   * state and a resumed run draws the same masks.
   */
  private void dropout(int l, int n, double p, long step) {
    float keep = (float) (1 / (1 - p));
    float[] a = this.a[l];
    float[] m = mask[l];
    float[] out = dropped[l];
    long base = mix(seed ^ mix(step * 0x9E3779B97F4A7C15L + l));
    for (int i = 0; i < n; i++) {
      double u = (mix(base + i) >>> 11) * 0x1.0p-53;
      m[i] = u < p ? 0f : keep;
      out[i] = a[i] * m[i];
    }
  }

  /** SplitMix64's finalizer: a well-mixed 64-bit hash. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Adds the layer's L1 and L2 terms, λ₁·sign(w) + λ₂·w, to its weight gradient. */
  private static void penalize(DenseLayer layer, float[] g) {
    float l1 = (float) layer.regularization().l1();
    float l2 = (float) layer.regularization().l2();
    if (l1 == 0 && l2 == 0) {
      return;
    }
    float[] w = layer.weightArray();
    for (int i = 0; i < g.length; i++) {
      g[i] += l2 * w[i] + l1 * Math.signum(w[i]);
    }
  }

  /**
   * Views of the buffers for {@code rows}-row batches. Two sets are kept, for the full batch and
   * for one other size (the last batch of an epoch), so training allocates none after warm-up.
   */
  private Matrix[][] views(int rows) {
    if (rows == viewRows) {
      return views;
    }
    if (rows == otherRows) {
      Matrix[][] t = views;
      views = otherViews;
      otherViews = t;
      otherRows = viewRows;
      viewRows = rows;
      return views;
    }
    otherViews = views;
    otherRows = viewRows;
    List<DenseLayer> layers = network.layers();
    views = new Matrix[layers.size()][];
    for (int l = 0; l < layers.size(); l++) {
      int units = layers.get(l).units();
      views[l] = new Matrix[] {
          new Matrix(rows, units, z[l]), new Matrix(rows, units, a[l]),
          new Matrix(rows, units, gradA[l]), new Matrix(rows, units, delta[l]),
          dropped[l] == null ? null : new Matrix(rows, units, dropped[l])
      };
    }
    viewRows = rows;
    return views;
  }
}
