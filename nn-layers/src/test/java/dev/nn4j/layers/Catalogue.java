package dev.nn4j.layers;

import dev.nn4j.api.NoParameters;
import dev.nn4j.api.Shape;
import dev.nn4j.api.spi.LayerProvider;
import java.util.List;

/**
 * One representative configuration of every layer in the module, for the checks that hold for
 * all of them (the layer contract, with more shapes and parameter sets, is LayersContractTest).
 *
 * @param provider the provider
 * @param parameters its parameters
 * @param input the sample shape the layer is built for
 */
record Catalogue(LayerProvider<?> provider, Record parameters, Shape input) {

  @Override
  public String toString() {
    return provider.name() + " " + parameters + " on " + input;
  }

  /** Every layer, with an odd-sized input and non-default parameters where they matter. */
  static List<Catalogue> all() {
    return List.of(
        new Catalogue(new FlattenProvider(), NoParameters.INSTANCE, Shape.image(2, 3, 5)),
        new Catalogue(new GlobalAvgPool2dProvider(), NoParameters.INSTANCE, Shape.image(3, 5, 4)),
        new Catalogue(new MaxPool2dProvider(), new Pool2dParameters(3, 2, 1),
            Shape.image(2, 7, 6)),
        new Catalogue(new AvgPool2dProvider(), new Pool2dParameters(3, 2, 1),
            Shape.image(2, 7, 6)),
        new Catalogue(new Conv2dProvider(),
            new Conv2dProvider.Parameters(4, 3, 2, 1, 1, 2, true), Shape.image(2, 7, 6)),
        new Catalogue(new BatchNormProvider(), new BatchNormProvider().defaultParameters(),
            Shape.image(3, 4, 5)),
        new Catalogue(new LayerNormProvider(), new LayerNormProvider().defaultParameters(),
            Shape.vector(7)),
        new Catalogue(new EmbeddingProvider(), new EmbeddingProvider.Parameters(5, 3),
            Shape.vector(2)));
  }
}
