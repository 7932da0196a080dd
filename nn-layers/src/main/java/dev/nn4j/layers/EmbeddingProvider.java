package dev.nn4j.layers;

import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerProvider;

/**
 * {@code embedding}: a learned lookup table from integer ids to vectors, as PyTorch's {@code
 * nn.Embedding(numEmbeddings, embeddingDim)}. The input is a vector of L ids per sample (L = 1 for
 * one categorical column), held as floats that must be whole numbers in [0, numEmbeddings); the
 * output is the L table rows side by side, L·embeddingDim values:
 *
 * <pre>
 * y[l·D + j] = W[x[l], j]
 * </pre>
 *
 * <p>The gradient touches only the rows the batch used: ∂C/∂W[i] = Σ over the (sample, l) with
 * x[l] = i of ∂C/∂y[l·D …], 0 for every other row; the ids get no gradient (the layer writes 0s
 * where one is asked for). An id that is out of range or not a whole number is an {@link
 * IllegalArgumentException} naming the id and the table's size.
 *
 * <p>Sparse update: the table's parameter carries a {@link dev.nn4j.api.RowSet} of the rows the
 * step's batch used, so an optimizer that {@linkplain
 * dev.nn4j.api.spi.Optimizer#supportsSparseRows() supports sparse rows} (plain {@code sgd}, {@code
 * adam} with {@code sparse: true}) updates only those rows and leaves the others and their state
 * unchanged, as PyTorch's {@code nn.Embedding(sparse=True)} with {@code optim.SparseAdam}.
 *
 * <p>Initialisation differs from PyTorch: PyTorch draws the table from N(0, 1), but a layer can
 * only draw through the network's initializer, so the table {@code weights} starts from that
 * initializer with fan-in 1 (each output value reads one table entry) and fan-out embeddingDim.
 * Set the weights explicitly to reproduce a PyTorch model.
 */
public final class EmbeddingProvider implements LayerProvider<EmbeddingProvider.Parameters> {

  /** The most rows a table may have: 2²⁴, beyond which floats skip whole numbers. */
  public static final int MAX_IDS = 1 << 24;

  /**
   * The parameters of {@code embedding}.
   *
   * @param numEmbeddings the table's rows, the number of distinct ids, in [1, 2²⁴] (a float holds
   *     every whole number up to 2²⁴ exactly, no further); default 1
   * @param embeddingDim D, each row's length, ≥ 1; default 1
   */
  public record Parameters(int numEmbeddings, int embeddingDim) {

    /** Validates every field. */
    public Parameters {
      Checks.atLeast("numEmbeddings", numEmbeddings, 1);
      if (numEmbeddings > MAX_IDS) {
        throw new IllegalArgumentException("numEmbeddings must be at most " + MAX_IDS
            + " (2^24, the ids a float holds exactly), was " + numEmbeddings);
      }
      Checks.atLeast("embeddingDim", embeddingDim, 1);
    }
  }

  @Override
  public String name() {
    return "embedding";
  }

  @Override
  public String description() {
    return "y = W[id], a learned row of D values per integer id in [0, numEmbeddings); "
        + "PyTorch nn.Embedding";
  }

  @Override
  public Class<Parameters> parametersType() {
    return Parameters.class;
  }

  @Override
  public Parameters defaultParameters() {
    return new Parameters(1, 1);
  }

  @Override
  public Layer create(Parameters parameters) {
    return new Embedding(parameters.numEmbeddings(), parameters.embeddingDim());
  }
}
