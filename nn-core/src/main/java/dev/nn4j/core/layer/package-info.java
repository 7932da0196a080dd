/**
 * The layers nn-core provides as plugins: {@link dev.nn4j.core.layer.DenseLayer} (with its
 * activation and dropout shorthand), {@link dev.nn4j.core.layer.ActivationLayer}, {@link
 * dev.nn4j.core.layer.DropoutLayer} and the merge layers {@code add} and {@code concat} ({@link
 * dev.nn4j.core.layer.MergeLayer}); their providers are in {@link
 * dev.nn4j.core.layer.BuiltInLayers}.
 */
package dev.nn4j.core.layer;
