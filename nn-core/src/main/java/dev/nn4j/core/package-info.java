/**
 * The nn4j engine: {@link dev.nn4j.core.PluginDiscovery} and the immutable {@link
 * dev.nn4j.core.PluginRegistry}, the Guice {@link dev.nn4j.core.NnModule}, dense layers, {@link
 * dev.nn4j.core.Network} for inference and {@link dev.nn4j.core.Trainer} for training by
 * backpropagation.
 */
package dev.nn4j.core;
