package dev.nn4j.api.spi;

/**
 * Registers a {@link Metric} under a name. List implementations in {@code
 * META-INF/services/dev.nn4j.api.spi.MetricProvider}.
 *
 * @param <P> the parameters record
 */
public interface MetricProvider<P extends Record> extends PluginProvider<P, Metric> {}
