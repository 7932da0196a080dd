package dev.nn4j.layers;

import dev.nn4j.api.Parameter;
import dev.nn4j.api.spi.LayerContext;
import java.util.List;

/**
 * The learned gain γ (starting at 1) and shift β (starting at 0) of a normalisation layer, with
 * their gradients, as the parameters {@code gamma} and {@code beta}.
 */
final class Affine {
  final float[] gamma;
  final float[] gammaGradient;
  final float[] beta;
  final float[] betaGradient;
  final List<Parameter> parameters;

  /** Allocates both and fills them through the context, so a configuration may set them. */
  Affine(int size, LayerContext context) {
    gamma = new float[size];
    gammaGradient = new float[size];
    beta = new float[size];
    betaGradient = new float[size];
    context.fill("gamma", gamma, 1f);
    context.fill("beta", beta, 0f);
    parameters = List.of(new Parameter("gamma", gamma, gammaGradient),
        new Parameter("beta", beta, betaGradient));
  }
}
