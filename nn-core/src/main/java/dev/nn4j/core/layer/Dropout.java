package dev.nn4j.core.layer;

/**
 * Inverted dropout's masks: each value is kept with probability 1 − p and scaled by 1/(1 − p).
 * The keep decision hashes (seed, step, layer, element), so it needs no generator state and a
 * resumed run draws the same masks.
 */
final class Dropout {

  private Dropout() {}

  /**
   * Writes the mask of {@code n} values and {@code out = in ⊙ mask}.
   *
   * @param seed the training seed
   * @param step the training step
   * @param layer the layer's index in the network
   * @param p the rate
   * @param in the values, read
   * @param mask written: 0 or 1/(1 − p)
   * @param out written
   * @param n how many values
   */
  static void apply(long seed, long step, int layer, double p, float[] in, float[] mask,
      float[] out, int n) {
    float keep = (float) (1 / (1 - p));
    long base = mix(seed ^ mix(step * 0x9E3779B97F4A7C15L + layer));
    for (int i = 0; i < n; i++) {
      double u = (mix(base + i) >>> 11) * 0x1.0p-53;
      mask[i] = u < p ? 0f : keep;
      out[i] = in[i] * mask[i];
    }
  }

  /** {@code out = in ⊙ mask} over n values. */
  static void multiply(float[] in, float[] mask, float[] out, int n) {
    for (int i = 0; i < n; i++) {
      out[i] = in[i] * mask[i];
    }
  }

  /** SplitMix64's finalizer: a well-mixed 64-bit hash. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
