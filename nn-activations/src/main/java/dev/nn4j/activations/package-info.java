/**
 * The built-in activations. Each provider's Javadoc gives its formula; element-wise ones extend
 * {@link dev.nn4j.activations.ElementwiseActivation}.
 */
package dev.nn4j.activations;
