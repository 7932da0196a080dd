package dev.nn4j.layers;

/**
 * The parameters of {@code max_pool2d} and {@code avg_pool2d}: a square window, as PyTorch's
 * {@code kernel_size}, {@code stride} and {@code padding} with one number each.
 *
 * @param kernel the window's height and width, ≥ 1; default 2
 * @param stride the step between windows, ≥ 1, or 0 for the kernel (PyTorch's default); default 0
 * @param padding the implicit border added on every side, in [0, kernel / 2] as PyTorch requires;
 *     default 0
 */
public record Pool2dParameters(int kernel, int stride, int padding) {

  /** Validates every field. */
  public Pool2dParameters {
    Checks.atLeast("kernel", kernel, 1);
    Checks.atLeast("stride", stride, 0);
    Checks.atLeast("padding", padding, 0);
    if (padding > kernel / 2) {
      throw new IllegalArgumentException("padding must be at most half the kernel (" + kernel / 2
          + " for kernel " + kernel + "), was " + padding);
    }
  }

  /** The defaults: a 2 × 2 window with stride 2 and no padding. */
  static Pool2dParameters defaults() {
    return new Pool2dParameters(2, 0, 0);
  }

  /** Returns the stride in effect: {@link #stride()}, or the kernel when it is 0. */
  public int effectiveStride() {
    return stride == 0 ? kernel : stride;
  }
}
