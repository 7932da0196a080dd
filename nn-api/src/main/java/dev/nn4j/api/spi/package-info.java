/**
 * What plugin authors implement. A plugin is a <em>provider</em> ({@link
 * dev.nn4j.api.spi.ActivationProvider}, {@link dev.nn4j.api.spi.LossProvider} or {@link
 * dev.nn4j.api.spi.OptimizerProvider}): a public class with a public no-argument constructor,
 * listed in {@code META-INF/services/<provider interface name>}. It has a unique lower-case
 * {@code name()}, a {@code parametersType()} record that validates itself, and {@code create}
 * which returns a new component ({@link dev.nn4j.api.spi.Activation}, {@link
 * dev.nn4j.api.spi.Loss}, {@link dev.nn4j.api.spi.Optimizer}).
 *
 * <p>Compute backends implement {@link dev.nn4j.api.spi.Backend} (listed in {@code
 * META-INF/services/dev.nn4j.api.spi.Backend}); one that uses threads may lend them to
 * element-wise work as a {@link dev.nn4j.api.spi.ParallelLoop}, and may take them from {@link
 * dev.nn4j.api.spi.Workers}, the allocation-free worker threads both built-in backends use.
 *
 * <p>Components work on batches held in row-major {@link dev.nn4j.api.Matrix} views whose rows
 * are samples. Unless a method says otherwise, inputs are read-only and outputs are written
 * completely (every element of the output view is assigned, none is accumulated).
 */
package dev.nn4j.api.spi;
