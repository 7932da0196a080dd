package dev.nn4j.api.spi;

/**
 * What the core gives a {@link Layer} when it builds it.
 *
 * <p>Thread-safety: use it from the thread that calls {@link Layer#build} and, for {@link
 * #step()}, from the training thread.
 */
public interface LayerContext {

  /** Returns the compute backend the layer's products run on. */
  Backend backend();

  /**
   * Returns the position of the layer in the network's {@code layers} list (0-based): stable
   * across saves and resumes, so a layer may mix it into a seed.
   */
  int index();

  /** Returns the training seed, for layers that draw (dropout masks); constant for a run. */
  long seed();

  /**
   * Returns the 0-based number of the training step in progress; a layer that draws per step
   * (dropout) combines it with {@link #seed()} and {@link #index()}, so that a resumed run draws
   * the same.
   */
  long step();

  /**
   * Fills a weight-like parameter with its initial values: the values the configuration gives
   * explicitly, or a draw of the layer's initializer (the configured one, or the one the network
   * chose for this layer) from the network's seeded generator.
   *
   * @param parameter the parameter's name within the layer
   * @param values the parameter's array, overwritten
   * @param fanIn inputs that each output value sums over
   * @param fanOut outputs each input value feeds
   */
  void initialize(String parameter, float[] values, int fanIn, int fanOut);

  /**
   * Fills a parameter or buffer with a constant (biases 0, gains 1), unless the configuration
   * gives its values explicitly.
   *
   * @param parameter the parameter's or buffer's name within the layer
   * @param values the array, overwritten
   * @param value the constant
   */
  void fill(String parameter, float[] values, float value);
}
