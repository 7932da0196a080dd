package dev.nn4j.api.spi;

/**
 * Registers a {@link Layer} under a name, the {@code type} a configuration's layer gives. List
 * implementations in {@code META-INF/services/dev.nn4j.api.spi.LayerProvider}.
 *
 * @param <P> the parameters record
 */
public interface LayerProvider<P extends Record> extends PluginProvider<P, Layer> {}
