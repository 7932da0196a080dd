package dev.nn4j.core.config;

import dev.nn4j.api.Matrix;
import dev.nn4j.core.PluginSpec;

/**
 * One dense layer.
 *
 * @param units number of neurons, at least 1
 * @param activation the activation, parameters resolved
 * @param bias whether the layer adds a bias
 * @param weights explicit initial weights (units × inputs), or null to draw them
 * @param biases explicit initial biases (units), or null for zeros
 */
public record LayerSpec(int units, PluginSpec activation, boolean bias, Matrix weights,
    float[] biases) {}
