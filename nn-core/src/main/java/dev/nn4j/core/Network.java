package dev.nn4j.core;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.PluginKind;
import dev.nn4j.api.ShapeException;
import dev.nn4j.api.spi.Backend;
import dev.nn4j.core.backend.Backends;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A multilayer perceptron: a stack of {@link DenseLayer}s, used for inference with {@link
 * #predict(Matrix)} and trained in place by {@link Trainer}.
 *
 * <p>Thread-safety: {@code predict} allocates its own buffers and only reads the weights, so any
 * number of threads may predict at once. Training writes the weights in place: do not predict on
 * a network while a {@link Trainer} is fitting it; predict on a {@link #copy()} instead.
 */
public final class Network {

  private final int inputs;
  private final List<DenseLayer> layers;
  private final Backend backend;

  private Network(int inputs, List<DenseLayer> layers, Backend backend) {
    this.inputs = inputs;
    this.layers = List.copyOf(layers);
    this.backend = backend;
  }

  /** Returns the compute backend its products run on. */
  public Backend backend() {
    return backend;
  }

  /**
   * Starts building a network whose activations are resolved through {@code registry}.
   *
   * @param registry resolves activation names
   * @return a builder
   */
  public static Builder builder(PluginRegistry registry) {
    return new Builder(registry);
  }

  /** Returns the number of input features. */
  public int inputs() {
    return inputs;
  }

  /** Returns the number of outputs, the units of the last layer. */
  public int outputs() {
    return layers.get(layers.size() - 1).units();
  }

  /** Returns the layers, first to last. */
  public List<DenseLayer> layers() {
    return layers;
  }

  /** Returns the number of trainable scalars. */
  public int parameterCount() {
    return layers.stream().mapToInt(DenseLayer::parameterCount).sum();
  }

  /**
   * Runs the forward pass on a batch.
   *
   * @param x inputs, one sample per row, {@link #inputs()} columns
   * @return a new matrix of outputs, one row per sample
   * @throws ShapeException if {@code x} has the wrong number of columns
   */
  public Matrix predict(Matrix x) {
    if (x.cols() != inputs) {
      throw new ShapeException(
          "the network takes " + inputs + " inputs per sample but the batch is " + x.shape());
    }
    Matrix a = x;
    for (DenseLayer layer : layers) {
      Matrix z = Matrix.zeros(x.rows(), layer.units());
      backend.multiplyTransposedB(x.rows(), layer.units(), layer.inputs(), a.data(),
          layer.weightArray(), layer.biasArray(), z.data());
      Matrix next = Matrix.zeros(x.rows(), layer.units());
      layer.activationFunction().forward(z, next);
      a = next;
    }
    return a;
  }

  /**
   * Runs the forward pass on one sample.
   *
   * @param x the sample's {@link #inputs()} features
   * @return a new array of outputs
   * @throws ShapeException if {@code x} has the wrong length
   */
  public float[] predict(float... x) {
    return predict(new Matrix(1, x.length, x)).data();
  }

  /** Returns an independent copy: same layers and activations, its own weight arrays. */
  public Network copy() {
    return new Network(inputs, layers.stream().map(DenseLayer::copy).toList(), backend);
  }

  @Override
  public String toString() {
    return "Network[inputs=" + inputs + ", layers=" + layers + "]";
  }

  /**
   * Builds a {@link Network} layer by layer. Weights are either given explicitly per layer or
   * drawn from one seeded generator by the layer's {@link Initializer} (by default He for
   * relu-like activations, Glorot uniform otherwise); biases start at zero unless given.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private final PluginRegistry registry;
    private int inputs = -1;
    private long seed = 42;
    private Initializer initializer;
    private Backend backend;
    private final List<LayerDraft> drafts = new ArrayList<>();

    private Builder(PluginRegistry registry) {
      this.registry = registry;
    }

    /**
     * Sets the number of input features.
     *
     * @param inputs at least 1
     * @return this builder
     */
    public Builder inputs(int inputs) {
      if (inputs < 1) {
        throw new IllegalArgumentException("inputs must be at least 1, was " + inputs);
      }
      this.inputs = inputs;
      return this;
    }

    /**
     * Sets the seed of the weight initializer; the same seed gives the same weights.
     *
     * @param seed any value; default 42
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets the compute backend; by default {@link Backends#preferred()}.
     *
     * @param computeBackend the backend
     * @return this builder
     */
    public Builder backend(Backend computeBackend) {
      this.backend = computeBackend;
      return this;
    }

    /**
     * Sets the initializer of every layer that has no explicit weights and no initializer of its
     * own.
     *
     * @param initializer the initializer; default: {@link Initializer#defaultFor} the activation
     * @return this builder
     */
    public Builder initializer(Initializer initializer) {
      this.initializer = initializer;
      return this;
    }

    /**
     * Sets the initializer of the last added layer.
     *
     * @param layerInitializer the initializer
     * @return this builder
     */
    public Builder layerInitializer(Initializer layerInitializer) {
      last().initializer = layerInitializer;
      return this;
    }

    /**
     * Sets the training-time regularisation of the last added layer.
     *
     * @param regularization L1, L2 and dropout
     * @return this builder
     */
    public Builder regularization(Regularization regularization) {
      last().regularization = regularization;
      return this;
    }

    /**
     * Adds a dense layer with biases and the activation's default parameters.
     *
     * @param units at least 1
     * @param activation an installed activation name
     * @return this builder
     */
    public Builder dense(int units, String activation) {
      return dense(units, PluginSpec.of(activation), true);
    }

    /**
     * Adds a dense layer.
     *
     * @param units at least 1
     * @param activation the activation and its parameters
     * @param bias whether the layer adds a bias
     * @return this builder
     */
    public Builder dense(int units, PluginSpec activation, boolean bias) {
      if (units < 1) {
        throw new IllegalArgumentException("units must be at least 1, was " + units);
      }
      drafts.add(new LayerDraft(units, registry.resolve(PluginKind.ACTIVATION, activation), bias));
      return this;
    }

    /**
     * Sets the initial weights of the last added layer, as rows {@code W[j]} per unit j.
     *
     * @param rows units rows of inputs values each
     * @return this builder
     */
    public Builder weights(float[]... rows) {
      last().weights = Matrix.of(rows);
      return this;
    }

    /**
     * Sets the initial biases of the last added layer.
     *
     * @param bias one value per unit
     * @return this builder
     */
    public Builder biases(float... bias) {
      last().bias = bias.clone();
      return this;
    }

    private LayerDraft last() {
      if (drafts.isEmpty()) {
        throw new IllegalStateException("add a layer with dense(...) first");
      }
      return drafts.get(drafts.size() - 1);
    }

    /**
     * Builds the network.
     *
     * @return a new network
     * @throws IllegalStateException if inputs or layers are missing
     * @throws ShapeException if explicit weights or biases do not match a layer's shape
     */
    public Network build() {
      if (inputs < 1) {
        throw new IllegalStateException("set the number of inputs with inputs(n)");
      }
      if (drafts.isEmpty()) {
        throw new IllegalStateException("a network needs at least one layer");
      }
      SplittableRandom random = new SplittableRandom(seed);
      List<DenseLayer> layers = new ArrayList<>();
      int in = inputs;
      for (int i = 0; i < drafts.size(); i++) {
        LayerDraft d = drafts.get(i);
        float[] w;
        if (d.weights != null) {
          d.weights.requireShape("layers[" + i + "].weights", d.units, in);
          w = d.weights.data();
        } else {
          Initializer init = d.initializer != null ? d.initializer
              : initializer != null ? initializer : Initializer.defaultFor(d.activation.name());
          w = init.draw(random, in, d.units);
        }
        float[] b = null;
        if (d.bias != null) {
          if (!d.hasBias) {
            throw new IllegalStateException("layers[" + i + "] has no bias but biases were given");
          }
          if (d.bias.length != d.units) {
            throw new ShapeException("layers[" + i + "].biases must have " + d.units
                + " values but has " + d.bias.length);
          }
          b = d.bias;
        } else if (d.hasBias) {
          b = new float[d.units];
        }
        layers.add(new DenseLayer(in, d.units, d.activation, registry.newActivation(d.activation),
            w, b, d.regularization));
        in = d.units;
      }
      return new Network(inputs, layers, backend != null ? backend : Backends.preferred());
    }

    private static final class LayerDraft {
      final int units;
      final PluginSpec activation;
      final boolean hasBias;
      Matrix weights;
      float[] bias;
      Initializer initializer;
      Regularization regularization = Regularization.NONE;

      LayerDraft(int units, PluginSpec activation, boolean hasBias) {
        this.units = units;
        this.activation = activation;
        this.hasBias = hasBias;
      }
    }
  }
}
