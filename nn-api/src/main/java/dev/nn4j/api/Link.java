package dev.nn4j.api;

/**
 * The output function an activation computes, declared so that a loss can offer a fused gradient
 * with respect to the pre-activations (the shortcut ∂C/∂z = (s − y)/n of cross-entropy with its
 * canonical link) instead of the core matching names.
 */
public enum Link {
  /** The logistic function σ(z) = 1/(1 + e^−z), element-wise. */
  LOGISTIC,
  /** softmax(z)_j = e^{z_j} / Σ_k e^{z_k}, per row. */
  SOFTMAX
}
