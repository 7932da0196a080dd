/**
 * The built-in losses. The per-sample costs ({@code squared_error}, the categorical
 * cross-entropies, {@code kl_divergence}, {@code cosine_similarity}) are averaged over the samples
 * (rows) of a batch and summed over the outputs (columns) of a sample; the others ({@code mse},
 * {@code mae}, {@code huber}, {@code hinge}, {@code binary_cross_entropy}, {@code poisson}, {@code
 * log_cosh}) are the mean over all elements, as PyTorch's reduction 'mean' and Keras compute them.
 * Each provider's Javadoc gives its formula.
 */
package dev.nn4j.losses;
