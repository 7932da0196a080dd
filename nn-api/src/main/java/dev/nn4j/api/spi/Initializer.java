package dev.nn4j.api.spi;

import java.util.SplittableRandom;

/**
 * Draws the initial values of a weight tensor, such as He or Glorot uniform.
 *
 * <p>Contract: the values depend only on the generator's state, the fans and the parameters, so
 * the same seed gives the same network. Thread-safety: immutable; one instance may serve several
 * threads (each with its own generator).
 */
public interface Initializer {

  /**
   * Overwrites {@code values} with a draw.
   *
   * @param values the tensor, flattened
   * @param fanIn inputs each output value sums over
   * @param fanOut outputs each input value feeds
   * @param random the seeded generator, advanced by the draw
   */
  void draw(float[] values, int fanIn, int fanOut, SplittableRandom random);
}
