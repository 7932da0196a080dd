package dev.nn4j.api;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of an optimizer's internal state (step counter and per-parameter buffers such as
 * moments), as exported for a checkpoint and imported to resume exactly.
 *
 * <p>Immutable: the constructor and {@link #buffer(String)} copy the arrays, so a snapshot never
 * changes after it is taken and may be shared between threads.
 *
 * @param step number of steps the optimizer has taken
 * @param buffers named state arrays, e.g. {@code "layers[0].weights/m"}; iteration order is kept
 */
public record OptimizerState(long step, Map<String, float[]> buffers) {

  /** A state with no steps and no buffers, what a fresh optimizer exports. */
  public static final OptimizerState EMPTY = new OptimizerState(0, Map.of());

  /** Copies the buffers so that the snapshot cannot change afterwards. */
  public OptimizerState {
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, was " + step);
    }
    Map<String, float[]> copy = new LinkedHashMap<>();
    buffers.forEach((k, v) -> copy.put(k, v.clone()));
    buffers = Collections.unmodifiableMap(copy);
  }

  /**
   * Returns a copy of one buffer.
   *
   * @param name buffer name
   * @return a copy of the array
   * @throws IllegalArgumentException if the state has no buffer of that name
   */
  public float[] buffer(String name) {
    float[] b = buffers.get(name);
    if (b == null) {
      throw new IllegalArgumentException(
          "optimizer state has no buffer '" + name + "'; it has " + buffers.keySet());
    }
    return b.clone();
  }

  /** Buffers are compared by content, bit for bit. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof OptimizerState s) || s.step != step
        || !s.buffers.keySet().equals(buffers.keySet())) {
      return false;
    }
    for (Map.Entry<String, float[]> e : buffers.entrySet()) {
      if (!Arrays.equals(e.getValue(), s.buffers.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = Long.hashCode(step);
    for (Map.Entry<String, float[]> e : buffers.entrySet()) {
      h = 31 * h + e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    return "OptimizerState[step=" + step + ", buffers=" + buffers.keySet() + "]";
  }
}
