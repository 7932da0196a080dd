package dev.nn4j.activations;

import dev.nn4j.api.Link;
import java.util.Optional;

/** {@code sigmoid}: f(z) = 1 / (1 + e^-z); f'(z) = f(z)(1 - f(z)). */
public final class SigmoidProvider extends ParameterlessActivationProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public SigmoidProvider() {
    super("sigmoid", "f(z) = 1 / (1 + e^-z); f'(z) = f(z)(1 - f(z))");
  }

  @Override
  float apply(float z) {
    return (float) (1.0 / (1.0 + Math.exp(-z)));
  }

  @Override
  float derivative(float z, float a) {
    return a * (1f - a);
  }

  /** Returns {@link Link#LOGISTIC}, so a cross-entropy loss may fuse with it. */
  @Override
  public Optional<Link> link() {
    return Optional.of(Link.LOGISTIC);
  }
}
