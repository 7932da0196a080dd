package dev.nn4j.core;

/**
 * Limits on the gradients before each optimizer step: by value, each component into
 * [−value, value]; then by global norm, all gradients scaled by norm/‖g‖ when ‖g‖ (over every
 * parameter) exceeds norm (Pascanu et al., 2013, arXiv:1211.5063). 0 turns a limit off.
 *
 * @param norm the largest global L2 norm, or 0
 * @param value the largest magnitude of a component, or 0
 */
public record GradientClipping(double norm, double value) {

  /** No clipping. */
  public static final GradientClipping NONE = new GradientClipping(0, 0);

  /** Validates the limits. */
  public GradientClipping {
    if (!(norm >= 0) || !(value >= 0) || Double.isInfinite(norm) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("clipNorm and clipValue must be finite numbers >= 0 (0"
          + " for none), were " + norm + " and " + value);
    }
  }
}
