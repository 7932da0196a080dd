package dev.nn4j.optimizers;

import dev.nn4j.api.OptimizerState;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.RowSet;
import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.api.spi.ParallelLoop;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimizer that keeps per-parameter state in named slots (momentum, first and second
 * moments...): one {@code float[]} per slot per parameter, allocated at the first step, exported
 * as buffers named {@code <parameter>/<slot>} and the step count. Subclasses write the update of
 * one range of one parameter's values; every rule here is element-wise, so {@link #step(List,
 * double, ParallelLoop)} splits each parameter over the loop's threads without changing a bit.
 * A subclass that {@linkplain #supportsSparseRows() supports sparse rows} gets, for a parameter
 * with a {@link Parameter#rows() row set}, one {@link #update} call per touched row and none for
 * the others, so their values and slots keep their bits (flushing of tiny values included).
 *
 * <p>Thread-safety: not thread-safe; one instance belongs to one training run. Instances share no
 * state.
 */
abstract class SlotOptimizer implements Optimizer {

  /** Slot values smaller than this in magnitude are flushed to zero. */
  static final float TINY = 1e-30f;

  /**
   * Every this many steps, slot values below {@link #TINY} are set to zero, so moments that fade
   * away never become denormal floats, which cost up to a hundred times more per operation (Java
   * cannot set the CPU's flush-to-zero mode). Between two sweeps a value shrinks at most by its
   * decay to the sixteenth power: from 1e-30, with a decay of 0.01 or more, it stays above the
   * smallest normal float (1.2e-38). (A gradient below 1e-19, whose square is already denormal,
   * leaves a denormal value until the next sweep.) A sweep apart from the update keeps the update's
   * loop free of branches, so the JIT vectorises it; the sweep, a predictable branch per value,
   * costs a small fraction of what it saves (see BENCHMARKS.md, "Why the kernels look as they do").
   */
  static final int FLUSH_EVERY = 16;

  private final double learningRate;
  private final String[] slots;
  private final Map<String, State> state = new LinkedHashMap<>();
  private long steps;
  /** The rate of the step in progress, read by every {@link State#run}. */
  private float rate;
  /** Whether the step in progress ends with a sweep of tiny slot values. */
  private boolean flush;

  SlotOptimizer(double learningRate, String... slots) {
    this.learningRate = learningRate;
    this.slots = slots.clone();
  }

  @Override
  public final double learningRate() {
    return learningRate;
  }

  @Override
  public final void step(List<Parameter> parameters, double rate) {
    step(parameters, rate, ParallelLoop.SERIAL);
  }

  @Override
  public final void step(List<Parameter> parameters, double rate, ParallelLoop loop) {
    steps++;
    beginStep(steps);
    this.rate = (float) rate;
    this.flush = steps % FLUSH_EVERY == 0;
    for (int q = 0; q < parameters.size(); q++) {
      Parameter p = parameters.get(q);
      State s = state.get(p.name());
      if (s == null) {
        s = new State(newSlots(p.size()));
        state.put(p.name(), s);
      }
      if (s.slots.length > 0 && s.slots[0].length != p.size()) {
        throw new IllegalArgumentException("parameter " + p.name() + " has " + p.size()
            + " values but had " + s.slots[0].length + " at the previous step");
      }
      s.w = p.value();
      s.g = p.gradient();
      s.rows = supportsSparseRows() ? p.rows() : null;
      try {
        loop.run(s.rows == null ? p.size() : s.rows.count(), s);
      } finally {
        s.w = null;
        s.g = null;
        s.rows = null;
      }
    }
  }

  /** Sets the values in {@code [from, to)} whose magnitude is below {@link #TINY} to zero. */
  private static void flushTiny(float[] values, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Math.abs(values[i]) < TINY) {
        values[i] = 0f;
      }
    }
  }

  /**
   * One parameter's slots, and the loop body that updates a range of it: the update, then (every
   * {@link #FLUSH_EVERY} steps) the sweep of the same range while it is in cache. With a row set,
   * the range is of indices into the set, and each of those rows is a range of values. Reused at
   * every step, so a step allocates nothing.
   */
  private final class State implements ParallelLoop.Range {
    final float[][] slots;
    float[] w;
    float[] g;
    RowSet rows;

    State(float[][] slots) {
      this.slots = slots;
    }

    @Override
    public void run(int from, int to) {
      if (rows == null) {
        values(from, to);
        return;
      }
      int length = rows.rowLength();
      for (int i = from; i < to; i++) {
        int start = rows.row(i) * length;
        values(start, start + length);
      }
    }

    private void values(int from, int to) {
      update(w, g, slots, rate, steps, from, to);
      if (flush) {
        for (float[] values : slots) {
          flushTiny(values, from, to);
        }
      }
    }
  }

  private float[][] newSlots(int size) {
    float[][] buffers = new float[slots.length][];
    for (int s = 0; s < slots.length; s++) {
      buffers[s] = new float[size];
    }
    return buffers;
  }

  /**
   * Called once at the start of every step, before any {@link #update}, for state that belongs to
   * the step rather than to a parameter (such as Nadam's product of momentum factors). Does
   * nothing by default.
   *
   * @param t the 1-based number of the step
   */
  void beginStep(long t) {}

  /**
   * Returns the optimizer-wide state buffers, exported beside the slots under names without a
   * {@code '/'}; none by default.
   */
  Map<String, float[]> globalState() {
    return Map.of();
  }

  /**
   * Restores the buffers {@link #globalState()} exported.
   *
   * @param buffers the imported buffers whose names hold no {@code '/'}
   * @throws IllegalArgumentException if one is unknown or one is missing
   */
  void importGlobalState(Map<String, float[]> buffers) {
    if (!buffers.isEmpty()) {
      throw new IllegalArgumentException("optimizer state buffers " + buffers.keySet()
          + " are not '<parameter>/<slot>' buffers of this optimizer's slots " + List.of(slots));
    }
  }

  /**
   * Updates the values {@code [from, to)} of one parameter in place, each from its own gradient
   * and slot values only; may run on several ranges of the same parameter at once.
   *
   * @param w the values, updated
   * @param g the gradient, read only
   * @param slots this parameter's state, one array per slot, updated
   * @param rate the learning rate of this step
   * @param t the 1-based number of this step
   * @param from first index to update
   * @param to one past the last index to update
   */
  abstract void update(float[] w, float[] g, float[][] slots, float rate, long t, int from,
      int to);

  @Override
  public final OptimizerState exportState() {
    Map<String, float[]> buffers = new LinkedHashMap<>();
    state.forEach((name, values) -> {
      for (int s = 0; s < slots.length; s++) {
        buffers.put(name + "/" + slots[s], values.slots[s]);
      }
    });
    buffers.putAll(globalState());
    return new OptimizerState(steps, buffers);
  }

  @Override
  public final void importState(OptimizerState imported) {
    Map<String, float[][]> restored = new LinkedHashMap<>();
    Map<String, float[]> global = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> e : imported.buffers().entrySet()) {
      int slash = e.getKey().lastIndexOf('/');
      if (slash < 0) {
        global.put(e.getKey(), e.getValue().clone());
        continue;
      }
      String slot = e.getKey().substring(slash + 1);
      int index = List.of(slots).indexOf(slot);
      if (index < 0) {
        throw new IllegalArgumentException("optimizer state buffer '" + e.getKey()
            + "' is not one of this optimizer's slots " + List.of(slots));
      }
      float[][] values = restored.computeIfAbsent(e.getKey().substring(0, slash),
          k -> new float[slots.length][]);
      values[index] = e.getValue().clone();
    }
    restored.forEach((name, values) -> {
      for (int s = 0; s < slots.length; s++) {
        if (values[s] == null) {
          throw new IllegalArgumentException("optimizer state lacks buffer '" + name + "/"
              + slots[s] + "'");
        }
      }
    });
    importGlobalState(global);
    state.clear();
    restored.forEach((name, values) -> state.put(name, new State(values)));
    steps = imported.step();
  }
}
