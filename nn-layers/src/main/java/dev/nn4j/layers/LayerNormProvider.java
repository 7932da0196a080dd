package dev.nn4j.layers;

import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerProvider;

/**
 * {@code layer_norm}: layer normalisation (Ba, Kiros and Hinton, 2016, arXiv:1607.06450) over
 * all the values of each sample (all features of a vector; channels, height and width of an
 * image), with an element-wise learned gain γ and shift β, as PyTorch's {@code
 * nn.LayerNorm(sample shape)}:
 *
 * <pre>
 * y = γ ⊙ (x − μ) / √(σ² + ε) + β,   μ, σ² the mean and biased variance of the sample's values
 * </pre>
 *
 * <p>It behaves the same in training and inference. γ starts at 1 and β at 0, one of each per
 * value of a sample.
 */
public final class LayerNormProvider implements LayerProvider<LayerNormProvider.Parameters> {

  /**
   * The parameters of {@code layer_norm}.
   *
   * @param epsilon ε &gt; 0 added to the variance; default 1e-5
   */
  public record Parameters(double epsilon) {

    /** Validates {@code epsilon}. */
    public Parameters {
      Checks.positive("epsilon", epsilon);
    }
  }

  @Override
  public String name() {
    return "layer_norm";
  }

  @Override
  public String description() {
    return "y = γ ⊙ (x − μ)/√(σ² + ε) + β with μ, σ² over each sample's values "
        + "(Ba et al., 2016, arXiv:1607.06450)";
  }

  @Override
  public Class<Parameters> parametersType() {
    return Parameters.class;
  }

  @Override
  public Parameters defaultParameters() {
    return new Parameters(1e-5);
  }

  @Override
  public Layer create(Parameters parameters) {
    return new LayerNorm(parameters.epsilon());
  }
}
