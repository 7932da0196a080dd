package dev.nn4j.testkit;

import dev.nn4j.api.spi.Backend;
import dev.nn4j.api.spi.LayerContext;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A {@link LayerContext} for tests: {@link #initialize} draws uniformly from [−0.5, 0.5) with a
 * {@link SplittableRandom} seeded by the constructor's seed, {@link #fill} fills the constant, the
 * layer's index is 0 and the training step is whatever {@link #setStep} last set (0 at first).
 * Two contexts made with the same backend and seed initialise the same layer to the same bits.
 *
 * <p>Thread-safety: not thread-safe, like the contexts the core hands out.
 */
public final class SeededLayerContext implements LayerContext {

  private final Backend backend;
  private final long seed;
  private final SplittableRandom random;
  private long step;

  /**
   * @param backend the backend layers built with this context compute on
   * @param seed seeds the initializer; also returned by {@link #seed()}
   */
  public SeededLayerContext(Backend backend, long seed) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.seed = seed;
    this.random = new SplittableRandom(seed);
  }

  @Override
  public Backend backend() {
    return backend;
  }

  /** Returns 0. */
  @Override
  public int index() {
    return 0;
  }

  @Override
  public long seed() {
    return seed;
  }

  @Override
  public long step() {
    return step;
  }

  /**
   * Sets the number of the training step that {@link #step()} returns.
   *
   * @param step at least 0
   */
  public void setStep(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, was " + step);
    }
    this.step = step;
  }

  /** Draws every value uniformly from [−0.5, 0.5), whatever the fans. */
  @Override
  public void initialize(String parameter, float[] values, int fanIn, int fanOut) {
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextDouble(-0.5, 0.5);
    }
  }

  @Override
  public void fill(String parameter, float[] values, float value) {
    Arrays.fill(values, value);
  }
}
