package dev.nn4j.losses;

/**
 * {@code hinge}: C = mean over all elements of max(0, 1 − t·s) with t = 2y − 1 (targets 0/1
 * become −1/+1); ∂C/∂s = −t/(n·m) where 1 − t·s &gt; 0, else 0.
 */
public final class HingeProvider extends ParameterlessLossProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public HingeProvider() {
    super("hinge", "C = mean of max(0, 1 - t s), t = 2y - 1 (Keras hinge; PyTorch has no such loss)", false);
  }

  @Override
  double term(float s, float y) {
    float t = 2 * y - 1;
    return Math.max(0f, 1 - t * s);
  }

  @Override
  float slope(float s, float y) {
    float t = 2 * y - 1;
    return 1 - t * s > 0 ? -t : 0f;
  }
}
