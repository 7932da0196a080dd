package dev.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.NoParameters;
import dev.nn4j.api.Shape;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerProvider;
import dev.nn4j.testkit.LayerContract;
import dev.nn4j.testkit.ReferenceBackend;
import dev.nn4j.testkit.SeededLayerContext;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every layer of nn-layers passes nn-testkit's layer contract, as any plugin's layer must. */
class LayersContractTest {

  @Nested
  class Conv2dContract extends LayerContract<Conv2dProvider.Parameters> {
    @Override
    protected LayerProvider<Conv2dProvider.Parameters> provider() {
      return new Conv2dProvider();
    }

    @Override
    protected List<List<Shape>> inputShapes() {
      return List.of(List.of(Shape.image(2, 5, 4)), List.of(Shape.image(2, 3, 3)));
    }

    @Override
    protected List<Conv2dProvider.Parameters> nonDefaultParameterSets() {
      return List.of(new Conv2dProvider.Parameters(4, 3, 2, 1, 1, 2, true),
          new Conv2dProvider.Parameters(3, 2, 1, 2, 2, 1, false));
    }

    @Override
    protected List<List<Shape>> impossibleInputShapes() {
      return List.of(List.of(Shape.vector(6)));
    }
  }

  /** The shapes and parameter sets both 2-D pools are checked at. */
  abstract static class PoolContract extends LayerContract<Pool2dParameters> {
    @Override
    protected List<List<Shape>> inputShapes() {
      return List.of(List.of(Shape.image(2, 5, 4)), List.of(Shape.image(1, 4, 4)));
    }

    @Override
    protected List<Pool2dParameters> nonDefaultParameterSets() {
      return List.of(new Pool2dParameters(3, 2, 1), new Pool2dParameters(2, 1, 0));
    }

    @Override
    protected List<List<Shape>> impossibleInputShapes() {
      return List.of(List.of(Shape.vector(6)));
    }
  }

  @Nested
  class MaxPool2dContract extends PoolContract {
    @Override
    protected LayerProvider<Pool2dParameters> provider() {
      return new MaxPool2dProvider();
    }

    /** Distinct values, far enough apart that a central difference never swaps a window's max. */
    @Override
    protected Matrix input(SplittableRandom random, Shape shape, int rows) {
      return separated(random, shape, rows);
    }
  }

  @Nested
  class AvgPool2dContract extends PoolContract {
    @Override
    protected LayerProvider<Pool2dParameters> provider() {
      return new AvgPool2dProvider();
    }
  }

  @Nested
  class GlobalAvgPool2dContract extends LayerContract<NoParameters> {
    @Override
    protected LayerProvider<NoParameters> provider() {
      return new GlobalAvgPool2dProvider();
    }

    @Override
    protected List<List<Shape>> inputShapes() {
      return List.of(List.of(Shape.image(3, 5, 4)), List.of(Shape.image(1, 1, 1)));
    }

    @Override
    protected List<List<Shape>> impossibleInputShapes() {
      return List.of(List.of(Shape.vector(6)));
    }
  }

  @Nested
  class FlattenContract extends LayerContract<NoParameters> {
    @Override
    protected LayerProvider<NoParameters> provider() {
      return new FlattenProvider();
    }

    @Override
    protected List<List<Shape>> inputShapes() {
      return List.of(List.of(Shape.image(2, 3, 5)), List.of(Shape.vector(4)));
    }
  }

  @Nested
  class BatchNormContract extends LayerContract<BatchNormProvider.Parameters> {
    @Override
    protected LayerProvider<BatchNormProvider.Parameters> provider() {
      return new BatchNormProvider();
    }

    /** Images only: training on a batch of one vector is an error, as in PyTorch. */
    @Override
    protected List<List<Shape>> inputShapes() {
      return List.of(List.of(Shape.image(3, 4, 5)), List.of(Shape.image(2, 1, 2)));
    }

    @Override
    protected List<BatchNormProvider.Parameters> nonDefaultParameterSets() {
      return List.of(new BatchNormProvider.Parameters(0.3, 1e-3));
    }
  }

  @Nested
  class LayerNormContract extends LayerContract<LayerNormProvider.Parameters> {
    @Override
    protected LayerProvider<LayerNormProvider.Parameters> provider() {
      return new LayerNormProvider();
    }

    @Override
    protected List<List<Shape>> inputShapes() {
      return List.of(List.of(Shape.vector(7)), List.of(Shape.vector(2)));
    }

    @Override
    protected List<LayerNormProvider.Parameters> nonDefaultParameterSets() {
      return List.of(new LayerNormProvider.Parameters(1e-2));
    }
  }

  @Nested
  class EmbeddingContract extends LayerContract<EmbeddingProvider.Parameters> {
    private static final int TABLE = 6;

    @Override
    protected LayerProvider<EmbeddingProvider.Parameters> provider() {
      return new EmbeddingProvider();
    }

    @Override
    protected List<List<Shape>> inputShapes() {
      return List.of(List.of(Shape.vector(3)), List.of(Shape.vector(1)));
    }

    @Override
    protected List<EmbeddingProvider.Parameters> nonDefaultParameterSets() {
      return List.of(new EmbeddingProvider.Parameters(TABLE, 3));
    }

    @Override
    protected List<List<Shape>> impossibleInputShapes() {
      return List.of(List.of(Shape.image(1, 2, 2)));
    }

    /** Whole-number ids below the smaller table of the two parameter sets. */
    @Override
    protected Matrix input(SplittableRandom random, Shape shape, int rows) {
      int table = Math.min(TABLE, provider().defaultParameters().numEmbeddings());
      float[] ids = new float[rows * shape.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = random.nextInt(table);
      }
      return new Matrix(rows, shape.size(), ids);
    }

    /**
     * Ids are not differentiable (a step off a whole number is an error, not a smaller change), so
     * instead of central differences: backward writes a zero input gradient.
     */
    @Test
    @Override
    public void inputGradientsMatchCentralDifferences() {
      Layer layer = provider().create(nonDefaultParameterSets().get(0));
      Shape out = layer.build(List.of(Shape.vector(3)),
          new SeededLayerContext(new ReferenceBackend(), 1));
      SplittableRandom random = new SplittableRandom(2);
      Matrix x = input(random, Shape.vector(3), 2);
      Matrix y = Matrix.zeros(2, out.size());
      layer.forward(new Matrix[] {x}, y, true);
      Matrix gx = new Matrix(2, 3, new float[] {1, 2, 3, 4, 5, 6});
      Matrix g = Matrix.zeros(2, out.size());
      Arrays.fill(g.data(), 1f);
      layer.backward(new Matrix[] {x}, y, g, new Matrix[] {gx}, false);
      assertArrayEquals(new float[6], gx.data());
    }
  }

  /** Each row a random permutation of −(n−1)/2·0.05, …, (n−1)/2·0.05: ties at least 0.05 apart. */
  static Matrix separated(SplittableRandom random, Shape shape, int rows) {
    int n = shape.size();
    float[] data = new float[rows * n];
    for (int r = 0; r < rows; r++) {
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int i = 0; i < n; i++) {
        data[r * n + i] = (order[i] - (n - 1) / 2f) * 0.05f;
      }
    }
    return new Matrix(rows, n, data);
  }
}
