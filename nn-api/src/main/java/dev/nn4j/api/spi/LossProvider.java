package dev.nn4j.api.spi;

/**
 * Registers a {@link Loss} under a name. List implementations in {@code
 * META-INF/services/dev.nn4j.api.spi.LossProvider}.
 *
 * @param <P> the parameters record
 */
public interface LossProvider<P extends Record> extends PluginProvider<P, Loss> {}
