package dev.nn4j.activations;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.spi.Activation;

/**
 * An activation applied to each element on its own: {@code a = f(z)}, and backward {@code gradZ =
 * gradA ⊙ f'(z)}. Subclasses give f and f'; the loops live here once.
 *
 * <p>Thread-safety: subclasses hold only immutable parameters, so instances are thread-safe.
 */
abstract class ElementwiseActivation implements Activation {

  /**
   * Returns f(z).
   *
   * @param z one pre-activation
   */
  abstract float apply(float z);

  /**
   * Returns f'(z); {@code a} is f(z), given because many derivatives are cheaper from it.
   *
   * @param z one pre-activation
   * @param a f(z)
   */
  abstract float derivative(float z, float a);

  @Override
  public final void forward(Matrix z, Matrix a) {
    float[] in = z.data();
    float[] out = a.data();
    int n = z.size();
    for (int i = 0; i < n; i++) {
      out[i] = apply(in[i]);
    }
  }

  @Override
  public final void backward(Matrix z, Matrix a, Matrix gradA, Matrix gradZ) {
    float[] zs = z.data();
    float[] as = a.data();
    float[] ga = gradA.data();
    float[] gz = gradZ.data();
    int n = z.size();
    for (int i = 0; i < n; i++) {
      gz[i] = ga[i] * derivative(zs[i], as[i]);
    }
  }
}
