package dev.nn4j.core;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.spi.Activation;

/**
 * A fully connected layer: {@code z = W·a + b}, {@code a' = f(z)}, with weights {@code W} of shape
 * (units × inputs), so {@code W[j][k]} connects input k to unit j, and optional biases.
 *
 * <p>Thread-safety: the parameters are mutable only through {@link Trainer} (and {@link
 * Backpropagation}); reading them while no training runs on the same network is safe from any
 * thread.
 */
public final class DenseLayer {

  private final int inputs;
  private final int units;
  private final PluginSpec activationSpec;
  private final Activation activation;
  private final float[] weights;
  private final float[] bias;
  private final Regularization regularization;

  DenseLayer(
      int inputs, int units, PluginSpec activationSpec, Activation activation, float[] weights,
      float[] bias, Regularization regularization) {
    this.inputs = inputs;
    this.units = units;
    this.activationSpec = activationSpec;
    this.activation = activation;
    this.weights = weights;
    this.bias = bias;
    this.regularization = regularization;
  }

  /** Returns the layer's L1, L2 and dropout, applied only while training. */
  public Regularization regularization() {
    return regularization;
  }

  /** Returns the number of inputs (units of the previous layer, or the network's inputs). */
  public int inputs() {
    return inputs;
  }

  /** Returns the number of units (outputs). */
  public int units() {
    return units;
  }

  /** Returns the activation's name and its (resolved, never null) parameters. */
  public PluginSpec activation() {
    return activationSpec;
  }

  /** Returns whether the layer adds a bias. */
  public boolean hasBias() {
    return bias != null;
  }

  /** Returns a copy of the weights, units × inputs. */
  public Matrix weights() {
    return new Matrix(units, inputs, weights.clone());
  }

  /** Returns a copy of the biases, or an empty array if the layer has none. */
  public float[] bias() {
    return bias == null ? new float[0] : bias.clone();
  }

  /** Returns the number of trainable scalars. */
  public int parameterCount() {
    return weights.length + (bias == null ? 0 : bias.length);
  }

  Activation activationFunction() {
    return activation;
  }

  float[] weightArray() {
    return weights;
  }

  float[] biasArray() {
    return bias;
  }

  DenseLayer copy() {
    return new DenseLayer(
        inputs, units, activationSpec, activation, weights.clone(), bias == null ? null : bias.clone(),
        regularization);
  }

  @Override
  public String toString() {
    return "Dense[" + inputs + "→" + units + ", " + activationSpec.name() + (bias == null ? ", no bias" : "")
        + "]";
  }
}
