/**
 * The built-in losses. Every loss is averaged over the samples (rows) of a batch and summed over
 * the outputs (columns) of a sample, except {@code mse}, which is the mean over all elements.
 * Each provider's Javadoc gives its formula.
 */
package dev.nn4j.losses;
