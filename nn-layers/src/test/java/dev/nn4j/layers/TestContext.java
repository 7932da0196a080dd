package dev.nn4j.layers;

import dev.nn4j.api.spi.Backend;
import dev.nn4j.api.spi.LayerContext;
import dev.nn4j.testkit.ReferenceBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A {@link LayerContext} for tests: the {@link ReferenceBackend}, and an initializer that draws
 * uniformly from ±1/√fanIn with a seeded generator. It records every {@link #initialize} and
 * {@link #fill} call so tests can check what a layer asked for.
 */
final class TestContext implements LayerContext {
  private final Backend backend;
  private final SplittableRandom random;
  final List<String> calls = new ArrayList<>();

  TestContext(long seed) {
    this(new ReferenceBackend(), seed);
  }

  TestContext(Backend backend, long seed) {
    this.backend = backend;
    this.random = new SplittableRandom(seed);
  }

  @Override
  public Backend backend() {
    return backend;
  }

  @Override
  public int index() {
    return 0;
  }

  @Override
  public long seed() {
    return 19;
  }

  @Override
  public long step() {
    return 0;
  }

  @Override
  public void initialize(String parameter, float[] values, int fanIn, int fanOut) {
    calls.add("initialize " + parameter + " " + values.length + " fanIn " + fanIn + " fanOut "
        + fanOut);
    double bound = 1 / Math.sqrt(fanIn);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextDouble(-bound, bound);
    }
  }

  @Override
  public void fill(String parameter, float[] values, float value) {
    calls.add("fill " + parameter + " " + values.length + " " + value);
    Arrays.fill(values, value);
  }
}
