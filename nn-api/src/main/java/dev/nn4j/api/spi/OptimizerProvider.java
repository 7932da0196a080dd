package dev.nn4j.api.spi;

/**
 * Registers an {@link Optimizer} under a name. List implementations in {@code
 * META-INF/services/dev.nn4j.api.spi.OptimizerProvider}.
 *
 * @param <P> the parameters record
 */
public interface OptimizerProvider<P extends Record> extends PluginProvider<P, Optimizer> {}
