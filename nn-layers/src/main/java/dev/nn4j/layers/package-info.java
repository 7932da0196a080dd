/**
 * The layer catalogue: convolution, pooling, flattening, normalisation and embedding layers, each
 * a {@link dev.nn4j.api.spi.LayerProvider} found by {@code ServiceLoader} and each matching
 * PyTorch's layer of the same name. Each provider's Javadoc gives its formula and, where
 * published, its paper.
 *
 * <p>Images are batches of rows, one sample per row, each sample channels × height × width in
 * row-major order (see {@link dev.nn4j.api.Shape}).
 */
package dev.nn4j.layers;
