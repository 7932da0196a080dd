package dev.nn4j.api.spi;

/**
 * Registers an {@link Initializer} under a name. List implementations in {@code
 * META-INF/services/dev.nn4j.api.spi.InitializerProvider}.
 *
 * @param <P> the parameters record
 */
public interface InitializerProvider<P extends Record> extends PluginProvider<P, Initializer> {}
