package dev.nn4j.core;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.ShapeException;
import dev.nn4j.api.spi.Activation;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.core.internal.Workspace;
import dev.nn4j.core.layer.DenseLayer;
import java.util.List;

/**
 * Computes the gradient of a loss with respect to every parameter of a network by
 * backpropagation: the layers run forward in topological order, then backward in the reverse
 * order, each turning the gradient of its output into the gradients of its inputs and adding its
 * parameters' gradients. Where a layer's output feeds several layers, their gradients are summed.
 * For a dense layer l:
 *
 * <pre>
 *   δ_l      = f_l'ᵀ(∂C/∂a_l)         local gradient ∂C/∂z_l (activation's vector-Jacobian product)
 *   ∂C/∂W_l  = δ_lᵀ · a_{l−1}
 *   ∂C/∂b_l  = Σ_rows δ_l
 *   ∂C/∂a_{l−1} = δ_l · W_l
 * </pre>
 *
 * <p>When the output is a dense layer without dropout whose activation declares a {@linkplain
 * Activation#link() link} the loss {@linkplain Loss#fusesWith fuses} with (softmax with
 * categorical cross-entropy, say), its δ comes from {@link Loss#fusedGradient} directly, which is
 * both cheaper and numerically stable.
 *
 * <p>All buffers are kept for two batch sizes (full and last), so a step allocates nothing after
 * both have been seen.
 *
 * <p>Thread-safety: not thread-safe; one instance belongs to one training run.
 */
public final class Backpropagation implements GradientStrategy {

  private final Network network;
  private final Loss loss;
  private final int capacity;
  private final long seed;
  private final List<Parameter> parameters;
  private final DenseLayer fused;
  private final LayerNode[] nodes;
  private final int[] order;
  /** Per node: its output and the gradient of its output. */
  private final Workspace[] out;
  private final Workspace[] gradOut;
  /** Per node and input: a buffer of its own where a second consumer's gradient goes first. */
  private final Workspace[][] extra;
  private final int inputs;
  private final int targetColumns;
  private final Views full = new Views();
  private final Views last = new Views();

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
   * Prepares backpropagation for a network whose layers may draw (dropout).
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
    this.parameters = List.copyOf(network.parameters(true));
    this.inputs = network.inputs();
    this.targetColumns = loss.targetColumns(network.outputs());
    this.nodes = network.layers().toArray(new LayerNode[0]);
    this.order = network.order();
    int n = nodes.length;
    LayerNode output = nodes[n - 1];
    DenseLayer dense = output.layer() instanceof DenseLayer d ? d : null;
    this.fused = dense != null && dense.dropout() == 0 && dense.activation() != null
        && dense.activation().link().isPresent()
        && loss.fusesWith(dense.activation().link().get()) ? dense : null;
    out = new Workspace[n];
    gradOut = new Workspace[n];
    extra = new Workspace[n][];
    boolean[] written = new boolean[n];
    for (int i = 0; i < n; i++) {
      out[i] = new Workspace(nodes[i].shape().size());
      gradOut[i] = new Workspace(nodes[i].shape().size());
      out[i].view(capacity);
      gradOut[i].view(capacity);
    }
    for (int r = n - 1; r >= 0; r--) {
      int i = order[r];
      int[] from = nodes[i].inputIndices();
      extra[i] = new Workspace[from.length];
      for (int k = 0; k < from.length; k++) {
        int f = from[k];
        if (f >= 0 && written[f]) {
          extra[i][k] = new Workspace(nodes[f].shape().size());
          extra[i][k].view(capacity);
        } else if (f >= 0) {
          written[f] = true;
        }
      }
    }
  }

  @Override
  public List<Parameter> parameters() {
    return parameters;
  }

  @Override
  public double compute(Matrix x, Matrix y, long step) {
    return pass(x, y, step);
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
   * the gradient buffers of {@link #parameters()}; layers that draw use the step's masks.
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
    x.requireShape("inputs", rows, inputs);
    y.requireShape("targets", rows, targetColumns);
    Network.Clock clock = network.clock();
    clock.seed = seed;
    clock.step = step;
    Views v = views(rows, x);
    for (int i : order) {
      nodes[i].layer().forward(v.inputs[i], v.out[i], true);
    }
    int lastNode = nodes.length - 1;
    Matrix prediction = v.out[lastNode];
    double cost = loss.value(prediction, y);
    if (fused != null) {
      loss.fusedGradient(prediction, y, fused.delta(rows));
    } else {
      loss.gradient(prediction, y, v.gradOut[lastNode]);
    }
    for (int r = order.length - 1; r >= 0; r--) {
      int i = order[r];
      if (i == lastNode && fused != null) {
        fused.backwardFromDelta(v.inputs[i], fused.delta(rows), v.gradIn[i], false);
      } else {
        nodes[i].layer().backward(v.inputs[i], v.out[i], v.gradOut[i], v.gradIn[i], false);
      }
      int[] from = nodes[i].inputIndices();
      for (int k = 0; k < from.length; k++) {
        if (extra[i][k] != null) {
          float[] to = v.gradOut[from[k]].data();
          float[] add = v.gradIn[i][k].data();
          for (int e = 0, size = v.gradIn[i][k].size(); e < size; e++) {
            to[e] += add[e];
          }
        }
      }
    }
    return cost;
  }

  /** The views of one batch size, and the input they were made for. */
  private static final class Views {
    int rows = -1;
    Matrix x;
    Matrix[] out;
    Matrix[] gradOut;
    Matrix[][] inputs;
    Matrix[][] gradIn;
  }

  /**
   * Views of the buffers for {@code rows}-row batches of input x. Two sets are kept, for the full
   * batch and the last one of an epoch, so training allocates none after warm-up.
   */
  private Views views(int rows, Matrix x) {
    Views v = full.rows == rows ? full : last.rows == rows ? last
        : full.rows == -1 ? full : last;
    if (v.rows == rows && v.x == x) {
      return v;
    }
    int n = nodes.length;
    v.rows = rows;
    v.x = x;
    v.out = new Matrix[n];
    v.gradOut = new Matrix[n];
    for (int i = 0; i < n; i++) {
      v.out[i] = out[i].view(rows);
      v.gradOut[i] = gradOut[i].view(rows);
    }
    v.inputs = new Matrix[n][];
    v.gradIn = new Matrix[n][];
    for (int i = 0; i < n; i++) {
      int[] from = nodes[i].inputIndices();
      v.inputs[i] = new Matrix[from.length];
      v.gradIn[i] = new Matrix[from.length];
      for (int k = 0; k < from.length; k++) {
        int f = from[k];
        v.inputs[i][k] = f < 0 ? x : v.out[f];
        v.gradIn[i][k] = f < 0 ? null : extra[i][k] != null ? extra[i][k].view(rows)
            : v.gradOut[f];
      }
    }
    return v;
  }
}
