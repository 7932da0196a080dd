package dev.nn4j.layers;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.RowSet;
import dev.nn4j.api.Shape;
import dev.nn4j.api.ShapeException;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerContext;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code embedding} layer (see {@link EmbeddingProvider}): row copies forward, row sums
 * backward. The weight gradient is cleared in full when backward overwrites it (the SPI's
 * contract); only the used rows then receive values, and the parameter's {@link RowSet} names
 * them, so an optimizer that supports sparse rows updates only those.
 */
final class Embedding implements Layer {
  private final int rows;
  private final int dimension;
  private int ids;
  private float[] weights;
  private float[] gradient;
  private RowSet used;
  private List<Parameter> parameters;

  Embedding(int rows, int dimension) {
    this.rows = rows;
    this.dimension = dimension;
  }

  @Override
  public Shape build(List<Shape> inputs, LayerContext context) {
    Shape in = Checks.single("embedding", inputs);
    if (in.isImage()) {
      throw new ShapeException("embedding needs a vector of ids but was given an image " + in);
    }
    ids = in.size();
    weights = new float[Math.multiplyExact(rows, dimension)];
    gradient = new float[weights.length];
    context.initialize("weights", weights, 1, dimension);
    used = new RowSet(rows, dimension);
    parameters = List.of(new Parameter("weights", weights, gradient, used));
    return Shape.vector(Math.multiplyExact(ids, dimension));
  }

  @Override
  public List<Parameter> parameters() {
    return parameters;
  }

  @Override
  public List<String> regularized() {
    return List.of("weights");
  }

  /**
   * The table row of the id at (sample, column).
   *
   * @throws IllegalArgumentException if it is not a whole number in [0, rows)
   */
  private int row(float id, int sample, int column) {
    int row = (int) id;
    if (row != id || row < 0 || row >= rows) {
      throw new IllegalArgumentException("embedding: id " + id + " (sample " + sample
          + ", column " + column + ") is not a whole number in [0, " + rows + "); the table has "
          + rows + " rows");
    }
    return row;
  }

  @Override
  public void forward(Matrix[] inputs, Matrix output, boolean training) {
    float[] x = inputs[0].data();
    float[] y = output.data();
    for (int n = 0; n < output.rows(); n++) {
      for (int l = 0; l < ids; l++) {
        int row = row(x[n * ids + l], n, l);
        System.arraycopy(weights, row * dimension, y, (n * ids + l) * dimension, dimension);
      }
    }
  }

  @Override
  public void backward(Matrix[] inputs, Matrix output, Matrix gradOutput, Matrix[] gradInputs,
      boolean accumulate) {
    float[] x = inputs[0].data();
    float[] dy = gradOutput.data();
    if (!accumulate) {
      Arrays.fill(gradient, 0f);
      used.clear();
    }
    for (int n = 0; n < gradOutput.rows(); n++) {
      for (int l = 0; l < ids; l++) {
        int row = row(x[n * ids + l], n, l);
        used.add(row);
        int to = row * dimension;
        int from = (n * ids + l) * dimension;
        for (int j = 0; j < dimension; j++) {
          gradient[to + j] += dy[from + j];
        }
      }
    }
    if (gradInputs[0] != null) {
      Arrays.fill(gradInputs[0].data(), 0, gradInputs[0].size(), 0f);
    }
  }
}
