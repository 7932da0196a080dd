package dev.nn4j.core.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A growing sequence of floats kept in fixed-size chunks, so that growing never copies and the
 * memory held is the values read so far (plus at most one chunk), however many there are.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class FloatChunks {

  private static final int CHUNK = 1 << 16;
  private final List<float[]> full = new ArrayList<>();
  private float[] current = new float[CHUNK];
  private int used;

  void add(float value) {
    if (used == CHUNK) {
      full.add(current);
      current = new float[CHUNK];
      used = 0;
    }
    current[used++] = value;
  }

  long size() {
    return (long) full.size() * CHUNK + used;
  }

  /** Copies the values into one array. */
  float[] toArray() {
    float[] all = new float[Math.toIntExact(size())];
    int at = 0;
    for (float[] chunk : full) {
      System.arraycopy(chunk, 0, all, at, CHUNK);
      at += CHUNK;
    }
    System.arraycopy(current, 0, all, at, used);
    return all;
  }
}
