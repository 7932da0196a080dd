package dev.nn4j.testkit;

import dev.nn4j.api.OptimizerState;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.RowSet;
import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.api.spi.OptimizerProvider;
import dev.nn4j.api.spi.ParallelLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract of an {@link OptimizerProvider}: besides the {@linkplain PluginContract common
 * checks}, a zero gradient changes nothing (unless the rule decays weights), steps decrease a
 * convex quadratic from several seeds, an exported state imported into a fresh optimizer gives
 * the bit-identical next step, two optimizers share no state, a step split over a {@link
 * ParallelLoop} ({@link SplitLoop}) gives the same bits as one on the caller alone, and, for an
 * optimizer that {@linkplain Optimizer#supportsSparseRows() supports sparse rows}, a table's rows
 * outside its {@link RowSet} keep their values and state bit for bit while the rows in it move as
 * a dense parameter of those rows alone.
 */
public abstract class OptimizerContract extends PluginContract {

  private static final int SIZE = 7;

  @Override
  protected abstract OptimizerProvider<?> provider();

  @Override
  protected final Class<?> serviceType() {
    return OptimizerProvider.class;
  }

  /** Whether the rule shrinks weights even with a zero gradient (weight decay). */
  protected boolean decaysWeights() {
    return false;
  }

  /** Returns a new optimizer created from the default parameters. */
  protected Optimizer optimizer() {
    return createDefault(provider());
  }

  /** With every gradient zero, a step leaves every value as it was. */
  @Test
  public void zeroGradientChangesNothing() {
    if (decaysWeights()) {
      return;
    }
    Parameter p = parameter(new SplittableRandom(1));
    Arrays.fill(p.gradient(), 0);
    float[] before = p.value().clone();
    Optimizer optimizer = optimizer();
    for (int i = 0; i < 3; i++) {
      optimizer.step(List.of(p));
    }
    if (!Arrays.equals(before, p.value())) {
      throw new AssertionError(provider().name() + " changed the parameters on a zero gradient: "
          + Arrays.toString(before) + " became " + Arrays.toString(p.value()));
    }
  }

  /** 200 steps on f(w) = ½·Σ c_i·w_i² (c_i in [0.5, 2]) end lower than they start. */
  @Test
  public void stepsDecreaseAConvexQuadratic() {
    for (long seed = 1; seed <= 3; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      Parameter p = parameter(random);
      double[] c = random.doubles(SIZE, 0.5, 2).toArray();
      Optimizer optimizer = optimizer();
      double start = quadratic(p, c);
      for (int i = 0; i < 200; i++) {
        for (int k = 0; k < SIZE; k++) {
          p.gradient()[k] = (float) (c[k] * p.value()[k]);
        }
        optimizer.step(List.of(p));
      }
      double end = quadratic(p, c);
      if (!(end < start)) {
        throw new AssertionError(provider().name() + " did not decrease ½·Σ c·w² from seed "
            + seed + ": it went from " + start + " to " + end + " in 200 steps");
      }
    }
  }

  /**
   * exportState → importState on a fresh optimizer reproduces the next step bit for bit, for the
   * defaults and every {@linkplain #parameterSets() parameter set}, with two parameters. A
   * buffer that one parameter has and another lacks, or that the import does not give back, is
   * named.
   */
  @Test
  public void importedStateReproducesTheNextStep() {
    importedStateReproducesTheNextStep(this::optimizer, "");
    for (Record parameters : parameterSets()) {
      importedStateReproducesTheNextStep(() -> create(provider(), parameters),
          " with " + parameters);
    }
  }

  private void importedStateReproducesTheNextStep(java.util.function.Supplier<Optimizer> make,
      String with) {
    String name = provider().name() + with;
    SplittableRandom random = new SplittableRandom(3);
    List<Parameter> ps = List.of(parameter(random), parameter("b", random));
    Optimizer original = make.get();
    for (int i = 0; i < 3; i++) {
      original.step(ps);
    }
    OptimizerState state = original.exportState();
    if (state == null) {
      throw new AssertionError("exportState() of " + name + " returned null; a stateless rule"
          + " returns OptimizerState.EMPTY");
    }
    java.util.Map<String, java.util.Set<String>> slots = new java.util.TreeMap<>();
    for (String key : state.buffers().keySet()) {
      int slash = key.lastIndexOf('/');
      if (slash > 0) {
        slots.computeIfAbsent(key.substring(0, slash), k -> new java.util.TreeSet<>())
            .add(key.substring(slash + 1));
      }
    }
    java.util.Set<String> all = new java.util.TreeSet<>();
    slots.values().forEach(all::addAll);
    for (Parameter p : ps) {
      for (String slot : all) {
        if (!slots.getOrDefault(p.name(), java.util.Set.of()).contains(slot)) {
          throw new AssertionError("the state " + name + " exported after 3 steps lacks the slot"
              + " '" + p.name() + "/" + slot + "' (other parameters have '" + slot + "'); it"
              + " exported " + state.buffers().keySet());
        }
      }
    }
    Optimizer restored = make.get();
    restored.importState(state);
    OptimizerState again = restored.exportState();
    for (String key : state.buffers().keySet()) {
      if (again == null || !Arrays.equals(state.buffers().get(key), again.buffers().get(key))) {
        throw new AssertionError(name + " lost the state buffer '" + key + "' in importState:"
            + " exported again right after the import, it is "
            + (again == null || again.buffers().get(key) == null ? "missing"
                : Arrays.toString(again.buffers().get(key))) + " instead of "
            + Arrays.toString(state.buffers().get(key)));
      }
    }
    List<Parameter> a = List.of(copy(ps.get(0)), copy(ps.get(1)));
    List<Parameter> b = List.of(copy(ps.get(0)), copy(ps.get(1)));
    original.step(a);
    restored.step(b);
    for (int q = 0; q < a.size(); q++) {
      if (!Arrays.equals(a.get(q).value(), b.get(q).value())) {
        throw new AssertionError(name + " after exportState/importState stepped '"
            + a.get(q).name() + "' to " + Arrays.toString(b.get(q).value()) + " instead of "
            + Arrays.toString(a.get(q).value()) + "; the exported state holds "
            + state.buffers().keySet() + " and step " + state.step() + ": a slot the rule"
            + " uses is missing from it, or importState ignores one");
      }
    }
  }

  /** Steps of one optimizer do not change what another, fresh one does. */
  @Test
  public void optimizersShareNoState() {
    SplittableRandom random = new SplittableRandom(4);
    Parameter p = parameter(random);
    Parameter a = copy(p);
    Parameter b = copy(p);
    optimizer().step(List.of(a));
    Optimizer busy = optimizer();
    for (int i = 0; i < 5; i++) {
      busy.step(List.of(parameter(random)));
    }
    optimizer().step(List.of(b));
    if (!Arrays.equals(a.value(), b.value())) {
      throw new AssertionError(provider().name() + " instances share state: a fresh optimizer "
          + "stepped to " + Arrays.toString(b.value()) + " after another had been used, but to "
          + Arrays.toString(a.value()) + " before");
    }
  }

  /**
   * Steps split by a {@link SplitLoop} (single grains, last to first) give the same bits as steps
   * on the caller alone, values and exported state, over 17 steps (past the moments' flush at
   * step 16, with gradients small enough for it to zero some of them).
   */
  @Test
  public void stepsSplitOverALoopGiveTheSameBits() {
    int size = 3 * ParallelLoop.GRAIN + 5;
    SplittableRandom random = new SplittableRandom(6);
    float[] value = new float[size];
    for (int i = 0; i < size; i++) {
      value[i] = (float) random.nextDouble(-2, 2);
    }
    Parameter whole = new Parameter("w", value.clone(), new float[size]);
    Parameter split = new Parameter("w", value.clone(), new float[size]);
    Optimizer one = optimizer();
    Optimizer other = optimizer();
    for (int step = 0; step < 17; step++) {
      for (int i = 0; i < size; i++) {
        // every seventh gradient tiny, so squared moments fall below the flush threshold
        float g = (float) (random.nextDouble(-1, 1) * (i % 7 == 0 ? 1e-17 : 1));
        whole.gradient()[i] = g;
        split.gradient()[i] = g;
      }
      one.step(List.of(whole), one.learningRate());
      other.step(List.of(split), other.learningRate(), new SplitLoop());
      if (!Arrays.equals(whole.value(), split.value())) {
        throw new AssertionError(provider().name() + " step " + (step + 1) + " split over a "
            + "loop gave other values than the same step on one range");
      }
      OptimizerState expected = one.exportState();
      OptimizerState actual = other.exportState();
      for (var buffer : expected.buffers().entrySet()) {
        if (!Arrays.equals(buffer.getValue(), actual.buffers().get(buffer.getKey()))) {
          throw new AssertionError(provider().name() + " step " + (step + 1) + " split over a "
              + "loop left other state in '" + buffer.getKey() + "' than on one range");
        }
      }
    }
  }

  /**
   * For an optimizer that supports sparse rows: 17 steps on a 6 × 4 table whose row set holds rows
   * 1 and 4 (their gradient random, every other row's zero), and row 2 in the first 9 steps only,
   * leave rows 0, 3 and 5 and their state as they were, row 2 and its state as they were after
   * step 9 (a dense rule would keep moving it with its moments), and rows 1 and 4 (values and
   * state) equal, bit for bit, those of another optimizer stepping a dense 2 × 4 parameter of
   * those two rows. Skipped for other optimizers.
   */
  @Test
  public void sparseRowsLeaveTheOtherRowsAndTheirStateUnchanged() {
    Optimizer sparse = optimizer();
    if (!sparse.supportsSparseRows()) {
      return;
    }
    int rows = 6;
    int width = 4;
    int[] touched = {4, 1};
    SplittableRandom random = new SplittableRandom(8);
    float[] start = new float[rows * width];
    for (int i = 0; i < start.length; i++) {
      start[i] = (float) random.nextDouble(-2, 2);
    }
    RowSet set = new RowSet(rows, width);
    Parameter table = new Parameter("w", start.clone(), new float[rows * width], set);
    Parameter dense = new Parameter("w", new float[touched.length * width],
        new float[touched.length * width]);
    for (int k = 0; k < touched.length; k++) {
      System.arraycopy(start, touched[k] * width, dense.value(), k * width, width);
    }
    Optimizer reference = optimizer();
    int early = 2;
    float[] earlyValues = null;
    OptimizerState earlyState = null;
    for (int step = 0; step < 17; step++) {
      set.clear();
      Arrays.fill(table.gradient(), 0f);
      if (step < 9) {
        set.add(early);
        for (int j = 0; j < width; j++) {
          table.gradient()[early * width + j] = (float) random.nextDouble(-1, 1);
        }
      } else if (earlyValues == null) {
        earlyValues = table.value().clone();
        earlyState = sparse.exportState();
      }
      for (int k = 0; k < touched.length; k++) {
        set.add(touched[k]);
        for (int j = 0; j < width; j++) {
          float g = (float) random.nextDouble(-1, 1);
          table.gradient()[touched[k] * width + j] = g;
          dense.gradient()[k * width + j] = g;
        }
      }
      sparse.step(List.of(table), sparse.learningRate());
      reference.step(List.of(dense), reference.learningRate());
    }
    OptimizerState state = sparse.exportState();
    OptimizerState expected = reference.exportState();
    List<Integer> inSet = new ArrayList<>();
    for (int k : touched) {
      inSet.add(k);
    }
    for (int r = 0; r < rows; r++) {
      int k = inSet.indexOf(r);
      for (int j = 0; j < width; j++) {
        int i = r * width + j;
        float want = r == early ? earlyValues[i]
            : k < 0 ? start[i] : dense.value()[k * width + j];
        if (Float.floatToRawIntBits(table.value()[i]) != Float.floatToRawIntBits(want)) {
          throw new AssertionError(provider().name() + " with sparse rows: row " + r + " ("
              + (r == early ? "in the set until step 9" : k < 0 ? "never in the set"
              : "in the set") + ") value " + j + " is "
              + table.value()[i] + ", expected " + want);
        }
        for (var buffer : state.buffers().entrySet()) {
          float[] other = expected.buffers().get(buffer.getKey());
          float wantState = r == early ? earlyState.buffers().get(buffer.getKey())[i]
              : k < 0 || other == null ? 0f : other[k * width + j];
          if (Float.floatToRawIntBits(buffer.getValue()[i])
              != Float.floatToRawIntBits(wantState)) {
            throw new AssertionError(provider().name() + " with sparse rows: row " + r + " ("
                + (r == early ? "in the set until step 9" : k < 0 ? "never in the set"
                : "in the set") + ") state '" + buffer.getKey()
                + "' " + j + " is " + buffer.getValue()[i] + ", expected " + wantState);
          }
        }
      }
    }
  }

  private static Parameter parameter(SplittableRandom random) {
    return parameter("w", random);
  }

  private static Parameter parameter(String name, SplittableRandom random) {
    float[] value = new float[SIZE];
    float[] gradient = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      value[i] = (float) random.nextDouble(-2, 2);
      gradient[i] = (float) random.nextDouble(-1, 1);
    }
    return new Parameter(name, value, gradient);
  }

  private static Parameter copy(Parameter p) {
    return new Parameter(p.name(), p.value().clone(), p.gradient().clone());
  }

  private static double quadratic(Parameter p, double[] c) {
    double sum = 0;
    for (int k = 0; k < SIZE; k++) {
      sum += 0.5 * c[k] * p.value()[k] * p.value()[k];
    }
    return sum;
  }

  /**
   * Optimizers of one provider, stepping in several threads at once, each thread with its own
   * seeded parameters, step as one thread does.
   */
  @Test
  public void optimizersStepIndependentlyInSeveralThreads() {
    List<float[]> sequential = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      sequential.add(tenSteps(t));
    }
    Numerics.assertEachThreadMatches(provider().name() + " stepping in 4 threads, one optimizer "
        + "each", sequential, Numerics.inThreads(4, this::tenSteps));
  }

  private float[] tenSteps(int thread) {
    Parameter p = parameter(new SplittableRandom(21 + thread));
    Optimizer optimizer = optimizer();
    for (int i = 0; i < 10; i++) {
      optimizer.step(List.of(p));
    }
    return p.value();
  }
}
