package dev.nn4j.api.spi;

/**
 * Registers an {@link Activation} under a name. List implementations in {@code
 * META-INF/services/dev.nn4j.api.spi.ActivationProvider}.
 *
 * @param <P> the parameters record
 */
public interface ActivationProvider<P extends Record> extends PluginProvider<P, Activation> {}
