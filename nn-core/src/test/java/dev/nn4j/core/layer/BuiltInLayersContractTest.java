package dev.nn4j.core.layer;

import dev.nn4j.api.NoParameters;
import dev.nn4j.api.Shape;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerProvider;
import dev.nn4j.api.spi.NoParametersProvider;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.testkit.LayerContract;
import java.util.List;
import org.junit.jupiter.api.Nested;

/** nn-core's own layers pass the same layer contract as any plugin's. */
class BuiltInLayersContractTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();

  @Nested
  class Dense extends LayerContract<BuiltInLayers.Dense.Parameters> {
    @Override
    protected LayerProvider<BuiltInLayers.Dense.Parameters> provider() {
      return new BuiltInLayers.Dense();
    }

    @Override
    protected List<List<Shape>> inputShapes() {
      return List.of(List.of(Shape.vector(5)), List.of(Shape.image(2, 2, 3)));
    }

    @Override
    protected List<BuiltInLayers.Dense.Parameters> nonDefaultParameterSets() {
      return List.of(new BuiltInLayers.Dense.Parameters(3, false));
    }
  }

  /** A dense layer with a tanh activation and dropout, as the shorthand builds it. */
  @Nested
  class DenseWithActivationAndDropout extends LayerContract<NoParameters> {
    @Override
    protected LayerProvider<NoParameters> provider() {
      return new TanhDropoutDense();
    }
  }

  @Nested
  class Activation extends LayerContract<NoParameters> {
    @Override
    protected LayerProvider<NoParameters> provider() {
      return new SoftmaxLayer();
    }

    @Override
    protected List<List<Shape>> inputShapes() {
      return List.of(List.of(Shape.vector(4)));
    }
  }

  @Nested
  class Dropout extends LayerContract<BuiltInLayers.DropoutType.Parameters> {
    @Override
    protected LayerProvider<BuiltInLayers.DropoutType.Parameters> provider() {
      return new BuiltInLayers.DropoutType();
    }

    @Override
    protected List<BuiltInLayers.DropoutType.Parameters> nonDefaultParameterSets() {
      return List.of(new BuiltInLayers.DropoutType.Parameters(0));
    }
  }

  @Nested
  class Add extends LayerContract<NoParameters> {
    @Override
    protected LayerProvider<NoParameters> provider() {
      return new BuiltInLayers.Add();
    }

    @Override
    protected List<List<Shape>> impossibleInputShapes() {
      return List.of(List.of(Shape.vector(5), Shape.vector(4)));
    }
  }

  @Nested
  class Concat extends LayerContract<NoParameters> {
    @Override
    protected LayerProvider<NoParameters> provider() {
      return new BuiltInLayers.Concat();
    }

    @Override
    protected List<List<Shape>> inputShapes() {
      return List.of(List.of(Shape.vector(3), Shape.vector(2), Shape.vector(4)),
          List.of(Shape.image(1, 2, 2), Shape.image(2, 2, 2)));
    }

    @Override
    protected List<List<Shape>> impossibleInputShapes() {
      return List.of(List.of(Shape.image(1, 2, 2), Shape.image(1, 3, 2)));
    }
  }

  @Nested
  class Slice extends LayerContract<BuiltInLayers.Slice.Parameters> {
    @Override
    protected LayerProvider<BuiltInLayers.Slice.Parameters> provider() {
      return new BuiltInLayers.Slice();
    }

    @Override
    protected List<List<Shape>> inputShapes() {
      return List.of(List.of(Shape.vector(5)));
    }

    @Override
    protected List<BuiltInLayers.Slice.Parameters> nonDefaultParameterSets() {
      return List.of(new BuiltInLayers.Slice.Parameters(1, 4),
          new BuiltInLayers.Slice.Parameters(0, 5));
    }

    @Override
    protected List<List<Shape>> impossibleInputShapes() {
      return List.of(List.of(Shape.image(1, 2, 2)));
    }
  }

  /** A dense layer of 4 units with tanh and dropout 0.3, registered for the contract. */
  public static final class TanhDropoutDense implements LayerProvider<NoParameters>,
      NoParametersProvider<Layer> {
    @Override
    public String name() {
      return "test_dense_tanh_dropout";
    }

    @Override
    public Layer create(NoParameters parameters) {
      return new DenseLayer(4, true, REGISTRY.newActivation(PluginSpec.of("tanh")), 0.3);
    }
  }

  /** softmax as a layer of its own, registered for the contract. */
  public static final class SoftmaxLayer implements LayerProvider<NoParameters>,
      NoParametersProvider<Layer> {
    @Override
    public String name() {
      return "test_softmax_layer";
    }

    @Override
    public Layer create(NoParameters parameters) {
      return new ActivationLayer(REGISTRY.newActivation(PluginSpec.of("softmax")));
    }
  }
}
