package dev.nn4j.layers;

import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerProvider;

/**
 * {@code batch_norm}: batch normalisation (Ioffe and Szegedy, 2015, arXiv:1502.03167) over the
 * features of a vector (PyTorch's {@code nn.BatchNorm1d}) or the channels of an image ({@code
 * nn.BatchNorm2d}), with a learned gain γ and shift β per feature or channel:
 *
 * <pre>
 * y = γ·(x − μ) / √(σ² + ε) + β
 * </pre>
 *
 * <p>In training, μ and σ² are the batch's mean and biased variance (over the samples, and over
 * height and width for an image), and the running statistics, state buffers {@code running_mean}
 * (starting at 0) and {@code running_var} (starting at 1), move towards them as in PyTorch:
 * running ← (1 − momentum)·running + momentum·batch, where the variance used is the unbiased one,
 * σ²·n/(n − 1) with n the values per channel. In inference μ and σ² are the running statistics.
 * γ starts at 1 and β at 0.
 *
 * <p>Training needs more than one value per channel (PyTorch's rule): a batch of one vector is an
 * {@link IllegalArgumentException}.
 */
public final class BatchNormProvider implements LayerProvider<BatchNormProvider.Parameters> {

  /**
   * The parameters of {@code batch_norm}.
   *
   * @param momentum the weight of the batch statistics in the running ones, in [0, 1]; default 0.1
   * @param epsilon ε &gt; 0 added to the variance; default 1e-5
   */
  public record Parameters(double momentum, double epsilon) {

    /** Validates every field. */
    public Parameters {
      if (!(momentum >= 0 && momentum <= 1)) {
        throw new IllegalArgumentException("momentum must be in [0, 1], was " + momentum);
      }
      Checks.positive("epsilon", epsilon);
    }
  }

  @Override
  public String name() {
    return "batch_norm";
  }

  @Override
  public String description() {
    return "y = γ·(x − μ)/√(σ² + ε) + β per feature or channel; batch statistics in training, "
        + "running ones in inference (Ioffe and Szegedy, 2015, arXiv:1502.03167)";
  }

  @Override
  public Class<Parameters> parametersType() {
    return Parameters.class;
  }

  @Override
  public Parameters defaultParameters() {
    return new Parameters(0.1, 1e-5);
  }

  @Override
  public Layer create(Parameters parameters) {
    return new BatchNorm(parameters);
  }
}
