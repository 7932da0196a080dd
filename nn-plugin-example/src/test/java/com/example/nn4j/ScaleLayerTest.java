package com.example.nn4j;

import dev.nn4j.api.Shape;
import dev.nn4j.api.spi.LayerProvider;
import dev.nn4j.testkit.LayerContract;
import java.util.List;

/** The whole layer contract for scale, on vectors and on images, with and without the shift. */
class ScaleLayerTest extends LayerContract<ScaleProvider.Parameters> {

  @Override
  protected LayerProvider<ScaleProvider.Parameters> provider() {
    return new ScaleProvider();
  }

  @Override
  protected List<List<Shape>> inputShapes() {
    return List.of(List.of(Shape.vector(5)), List.of(Shape.image(2, 3, 3)));
  }

  @Override
  protected List<ScaleProvider.Parameters> nonDefaultParameterSets() {
    return List.of(new ScaleProvider.Parameters(false, 0.5));
  }
}
