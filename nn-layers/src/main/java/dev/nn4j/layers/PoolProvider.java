package dev.nn4j.layers;

import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerProvider;

/** What {@code max_pool2d} and {@code avg_pool2d} share: the parameters and the layer. */
abstract class PoolProvider implements LayerProvider<Pool2dParameters> {
  private final String name;
  private final String description;
  private final boolean max;

  PoolProvider(String name, String description, boolean max) {
    this.name = name;
    this.description = description;
    this.max = max;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final Class<Pool2dParameters> parametersType() {
    return Pool2dParameters.class;
  }

  @Override
  public final Pool2dParameters defaultParameters() {
    return Pool2dParameters.defaults();
  }

  @Override
  public final Layer create(Pool2dParameters parameters) {
    return new Pool2d(name, max, parameters);
  }
}
