package dev.nn4j.api.spi;

import dev.nn4j.api.Link;
import java.util.Optional;

import dev.nn4j.api.Matrix;

/**
 * A layer's nonlinearity a = f(z), applied to a batch (rows are samples, columns are units).
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>All arguments of one call have the same shape; the caller guarantees it.
 *   <li>Inputs are never written. Outputs are written completely and never alias an input.
 *   <li>An activation is applied per row: row r of the output depends on row r of the input only.
 *   <li>Thread-safety: an activation holds only its immutable parameters, so one instance may be
 *       used from several threads at once.
 * </ul>
 */
public interface Activation {

  /**
   * Computes {@code a = f(z)}.
   *
   * @param z pre-activations, read-only
   * @param a output, written
   */
  void forward(Matrix z, Matrix a);

  /**
   * Computes the vector-Jacobian product {@code gradZ = (∂a/∂z)ᵀ · gradA} row by row, that is
   * ∂C/∂z from ∂C/∂a. For an element-wise f this is {@code gradA ⊙ f'(z)}; for softmax it is the
   * full product with the row's Jacobian.
   *
   * @param z the pre-activations of the forward pass, read-only
   * @param a the activations {@code f(z)} of the forward pass, read-only
   * @param gradA ∂C/∂a, read-only
   * @param gradZ ∂C/∂z, written
   */
  void backward(Matrix z, Matrix a, Matrix gradA, Matrix gradZ);

  /**
   * Returns the name of the initializer that suits a dense layer feeding this activation, used
   * when the configuration names none: {@code he_uniform} for ReLU-like activations, {@code
   * lecun_normal} for SELU; {@code glorot_uniform} by default.
   */
  default String initializer() {
    return "glorot_uniform";
  }

  /**
   * Returns the output function this activation computes, if it is one that a loss may fuse with
   * (see {@link Loss#fusesWith(Link)}); empty by default.
   */
  default Optional<Link> link() {
    return Optional.empty();
  }
}
