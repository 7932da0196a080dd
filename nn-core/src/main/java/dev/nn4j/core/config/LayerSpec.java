package dev.nn4j.core.config;

import dev.nn4j.api.Matrix;
import dev.nn4j.core.Initializer;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.Regularization;

/**
 * One dense layer.
 *
 * @param units number of neurons, at least 1
 * @param activation the activation, parameters resolved
 * @param bias whether the layer adds a bias
 * @param weights explicit initial weights (units × inputs), or null to draw them
 * @param biases explicit initial biases (units), or null for zeros
 * @param initializer how to draw the weights when not given, or null for the network's
 * @param regularization L1, L2 and dropout while training
 */
public record LayerSpec(int units, PluginSpec activation, boolean bias, Matrix weights,
    float[] biases, Initializer initializer, Regularization regularization) {}
