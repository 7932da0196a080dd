package dev.nn4j.testkit;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.Shape;
import dev.nn4j.api.ShapeException;
import dev.nn4j.api.StateBuffer;
import dev.nn4j.api.spi.Backend;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link LayerProvider}: besides the {@linkplain PluginContract common checks},
 * for the default parameters and each {@linkplain #nonDefaultParameterSets() non-default set}, on
 * each {@linkplain #inputShapes() case of input shapes}:
 *
 * <ul>
 *   <li>the gradients {@code backward} gives for the inputs and for every parameter match central
 *       differences (in double, of a random linear functional of the whole output);
 *   <li>{@code backward} overwrites the parameter gradients when {@code accumulate} is false
 *       (whatever they held) and adds to them when it is true; with null input gradients it gives
 *       the same parameter gradients;
 *   <li>{@code build} returns the output shape, and {@code forward} writes every element of an
 *       output of that size, {@code backward} every element of each input gradient;
 *   <li>inference gives the same bits twice, changes no parameter or buffer, writes no field of
 *       the layer, and from several threads at once (different inputs and batch sizes) computes
 *       what one thread does;
 *   <li>a second layer given the first's parameter and buffer values by name (as a model file
 *       loads them) predicts the same bits;
 *   <li>inputs, and in {@code backward} the output and its gradient, are never written;
 *   <li>with views whose backing arrays are longer than the view, NaN past the view changes no
 *       result and nothing past the view is written;
 *   <li>a wrong number of inputs, or a {@linkplain #impossibleInputShapes() shape the layer cannot
 *       take}, makes {@code build} throw a {@link ShapeException} naming the shape;
 *   <li>parameter and buffer names match {@code [a-z][a-z0-9_]*} and are unique within the layer,
 *       {@code regularized()} names only parameters, and the arrays keep their identity.
 * </ul>
 *
 * <p>Layers are built on a {@link ReferenceBackend} with a {@link SeededLayerContext}, and their
 * parameters then {@linkplain #moveParameters moved} off their initial values; batches have 3
 * rows. Allocation and speed are not measured here.
 *
 * @param <P> the layer's parameters record
 */
public abstract class LayerContract<P extends Record> extends PluginContract {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final int ROWS = 3;
  private static final int CHECKED_PER_ARRAY = 64;
  private static final int TAIL = 7;
  private static final int THREADS = 4;
  /** Fills what a layer must write, and what lies past a written view: a NaN a layer never makes. */
  private static final float CANARY = Float.intBitsToFloat(0x7fd5a5a5);

  @Override
  protected abstract LayerProvider<P> provider();

  @Override
  protected final Class<?> serviceType() {
    return LayerProvider.class;
  }

  /**
   * Returns the cases of input shapes to build the layer for, each a list with one shape per
   * input. By default one vector of 5 features per input the layer takes (two for a merge layer);
   * override it for image layers or to add cases.
   */
  protected List<List<Shape>> inputShapes() {
    int arity = provider().create(provider().defaultParameters()).arity();
    return List.of(Collections.nCopies(arity == 0 ? 2 : arity, Shape.vector(5)));
  }

  /**
   * Returns valid non-default parameter sets that every check runs with besides the defaults;
   * none by default. The first is also the one {@link #parametersRoundTrip()} uses.
   */
  protected List<P> nonDefaultParameterSets() {
    return List.of();
  }

  @Override
  protected Record nonDefaultParameters() {
    List<P> sets = nonDefaultParameterSets();
    return sets.isEmpty() ? provider().defaultParameters() : sets.get(0);
  }

  /**
   * Returns input shapes of the right number that the layer cannot take (a vector for an image
   * layer, two inputs of different sizes for {@code add}); none by default.
   */
  protected List<List<Shape>> impossibleInputShapes() {
    return List.of();
  }

  /** Returns the backend layers are built on: a new {@link ReferenceBackend} by default. */
  protected Backend backend() {
    return new ReferenceBackend();
  }

  /**
   * Returns a seeded batch for one input: values uniform in [−1, 1) by default. Override it to keep
   * inputs away from points where the layer is not differentiable.
   *
   * @param random the generator to draw from
   * @param shape the input's shape
   * @param rows the batch size
   * @return rows × shape.size() values
   */
  protected Matrix input(SplittableRandom random, Shape shape, int rows) {
    return Numerics.uniform(random, rows, shape.size(), -1, 1);
  }

  /**
   * Moves freshly built parameters off their initial values, so that gradients are not only
   * checked where a gain is exactly 1 or a bias 0: adds uniform(−0.25, 0.25) to every value by
   * default. Override it for parameters with a constrained range.
   *
   * @param layer the built layer
   * @param random the generator to draw from
   */
  protected void moveParameters(Layer layer, SplittableRandom random) {
    for (Parameter p : layer.parameters()) {
      float[] v = p.value();
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) random.nextDouble(-0.25, 0.25);
      }
    }
  }

  // ---- checks ----

  /** ∂C/∂input from {@code backward} matches central differences, for every input. */
  @Test
  public void inputGradientsMatchCentralDifferences() {
    for (Case c : cases()) {
      Built b = build(c, 1);
      SplittableRandom random = new SplittableRandom(2);
      Matrix[] x = inputs(random, c.shapes(), ROWS);
      Matrix w = Numerics.uniform(random, ROWS, b.output().size(), -1, 1);
      float[][] analytic = gradients(b, x, w, new Matrix[x.length], false);
      for (int k = 0; k < x.length; k++) {
        for (int i : sample(x[k].size())) {
          double expected = numericGradient(b, x, w, x[k].data(), i);
          Numerics.assertClose("∂/∂inputs[" + k + "] from backward of " + b.label(),
              element(x[k], i) + " = " + x[k].data()[i], expected, analytic[k][i], 5e-4, 5e-3);
        }
      }
    }
  }

  /** ∂C/∂θ from {@code backward} matches central differences, for every parameter. */
  @Test
  public void parameterGradientsMatchCentralDifferences() {
    for (Case c : cases()) {
      Built b = build(c, 1);
      SplittableRandom random = new SplittableRandom(3);
      Matrix[] x = inputs(random, c.shapes(), ROWS);
      Matrix w = Numerics.uniform(random, ROWS, b.output().size(), -1, 1);
      float[][] analytic = gradients(b, x, w, new Matrix[x.length], false);
      List<Parameter> parameters = b.layer().parameters();
      for (int p = 0; p < parameters.size(); p++) {
        float[] value = parameters.get(p).value();
        for (int i : sample(value.length)) {
          double expected = numericGradient(b, x, w, value, i);
          Numerics.assertClose("∂/∂" + parameters.get(p).name() + " from backward of "
                  + b.label(), "element " + i + " = " + value[i], expected,
              analytic[x.length + p][i], 5e-4, 5e-3);
        }
      }
    }
  }

  /**
   * With {@code accumulate == false} backward overwrites parameter gradients (NaN before the call
   * leaves no trace); with {@code true} it adds: a backward of gradOutput A, then one of B with
   * {@code accumulate == true}, leaves A's gradient plus B's.
   */
  @Test
  public void backwardAddsWhenAccumulatingAndOverwritesOtherwise() {
    for (Case c : cases()) {
      Built b = build(c, 1);
      List<Parameter> parameters = b.layer().parameters();
      SplittableRandom random = new SplittableRandom(4);
      Matrix[] x = inputs(random, c.shapes(), ROWS);
      Matrix g1 = Numerics.uniform(random, ROWS, b.output().size(), -1, 1);
      Matrix g2 = Numerics.uniform(random, ROWS, b.output().size(), -1, 1);
      for (Parameter p : parameters) {
        Arrays.fill(p.gradient(), Float.NaN);
      }
      float[][] first = gradients(b, x, g1, null, false);
      for (int p = 0; p < parameters.size(); p++) {
        for (int i = 0; i < first[x.length + p].length; i++) {
          if (Float.isNaN(first[x.length + p][i])) {
            throw new AssertionError("backward of " + b.label() + " with accumulate=false did "
                + "not overwrite the gradient of " + parameters.get(p).name() + ": element " + i
                + " kept the NaN the array held before the call");
          }
        }
      }
      float[][] second = gradients(b, x, g2, null, false);
      gradients(b, x, g1, null, false);
      float[][] sum = gradients(b, x, g2, null, true);
      for (int p = 0; p < parameters.size(); p++) {
        int at = x.length + p;
        for (int i = 0; i < sum[at].length; i++) {
          double expected = (double) first[at][i] + second[at][i];
          double tolerance = 1e-5 * (Math.abs(first[at][i]) + Math.abs(second[at][i])) + 1e-7;
          if (!(Math.abs(sum[at][i] - expected) <= tolerance)) {
            throw new AssertionError("backward of " + b.label() + " with accumulate=true did "
                + "not add to the gradient of " + parameters.get(p).name() + ": element " + i
                + " held " + first[at][i] + " from a first backward (gradOutput A) and the "
                + "second call's own gradient (gradOutput B) is " + second[at][i]
                + ", so it should be " + expected + " but is " + sum[at][i]);
          }
        }
      }
    }
  }

  /** Backward with every input gradient null still gives the same parameter gradients. */
  @Test
  public void backwardWithoutInputGradientsGivesTheSameParameterGradients() {
    for (Case c : cases()) {
      Built b = build(c, 1);
      SplittableRandom random = new SplittableRandom(5);
      Matrix[] x = inputs(random, c.shapes(), ROWS);
      Matrix g = Numerics.uniform(random, ROWS, b.output().size(), -1, 1);
      float[][] with = gradients(b, x, g, new Matrix[x.length], false);
      float[][] without = gradients(b, x, g, null, false);
      List<Parameter> parameters = b.layer().parameters();
      for (int p = 0; p < parameters.size(); p++) {
        if (!Arrays.equals(with[x.length + p], without[x.length + p])) {
          throw new AssertionError("backward of " + b.label() + " with null input gradients gave "
              + "the gradient of " + parameters.get(p).name() + " as "
              + Arrays.toString(without[x.length + p]) + " but with input gradients "
              + Arrays.toString(with[x.length + p]));
        }
      }
    }
  }

  /**
   * {@code build} returns a shape, and forward (training and inference) writes every element of
   * an output of that size, backward every element of each input gradient; all finite.
   */
  @Test
  public void outputsAndInputGradientsAreWrittenCompletely() {
    for (Case c : cases()) {
      Built b = build(c, 1);
      SplittableRandom random = new SplittableRandom(6);
      Matrix[] x = inputs(random, c.shapes(), ROWS);
      Matrix y = canaries(ROWS, b.output().size(), 0);
      b.layer().forward(x, y, true);
      written("forward (training) of " + b.label(), "output, of the shape " + b.output()
          + " build returned,", y);
      Matrix[] gx = new Matrix[x.length];
      for (int k = 0; k < x.length; k++) {
        gx[k] = canaries(ROWS, x[k].cols(), 0);
      }
      b.layer().backward(x, y, Numerics.uniform(random, ROWS, y.cols(), -1, 1), gx, false);
      for (int k = 0; k < x.length; k++) {
        written("backward of " + b.label(), "gradInputs[" + k + "]", gx[k]);
      }
      Matrix inferred = canaries(ROWS, b.output().size(), 0);
      b.layer().forward(x, inferred, false);
      written("forward (inference) of " + b.label(), "output, of the shape " + b.output()
          + " build returned,", inferred);
    }
  }

  /** Inference twice gives the same bits and changes no parameter or buffer. */
  @Test
  public void inferenceIsRepeatableAndChangesNoState() {
    for (Case c : cases()) {
      Built b = build(c, 1);
      SplittableRandom random = new SplittableRandom(7);
      train(b, random, 2);
      Map<String, float[]> before = state(b.layer());
      Matrix[] x = inputs(random, c.shapes(), ROWS);
      Matrix once = forward(b, x, false);
      Matrix twice = forward(b, x, false);
      if (!once.equals(twice)) {
        throw new AssertionError("forward (inference) of " + b.label() + " called twice on the "
            + "same inputs: the second time " + difference(once, twice) + " the first call gave");
      }
      Map<String, float[]> after = state(b.layer());
      for (String name : before.keySet()) {
        if (!Arrays.equals(before.get(name), after.get(name))) {
          throw new AssertionError("forward (inference) of " + b.label() + " changed " + name
              + " from " + Arrays.toString(before.get(name)) + " to "
              + Arrays.toString(after.get(name)) + "; only training may change state");
        }
      }
    }
  }

  /**
   * Inference writes no field of the layer (nor of the objects it refers to): it may run on
   * several threads at once. Scratch space for inference belongs in local variables.
   */
  @Test
  public void inferenceWritesNoField() {
    for (Case c : cases()) {
      Built b = build(c, 1);
      SplittableRandom random = new SplittableRandom(8);
      train(b, random, 1);
      FieldSnapshot before = FieldSnapshot.of(b.layer(), "layer");
      for (int rows : new int[] {ROWS, ROWS + 2, 1}) {
        forward(b, inputs(random, c.shapes(), rows), false);
      }
      String change = before.firstChange(FieldSnapshot.of(b.layer(), "layer"));
      if (change != null) {
        throw new AssertionError("forward (inference) of " + b.label() + " wrote a field: "
            + change + ". Inference may run on several threads at once and must not write "
            + "fields; keep its scratch in local variables");
      }
    }
  }

  /**
   * One layer used for inference from several threads at once, each with its own inputs and
   * batch size, computes what one thread alone computes, bit for bit.
   */
  @Test
  public void inferenceFromSeveralThreadsMatchesOneThread() {
    for (Case c : cases()) {
      Built b = build(c, 1);
      train(b, new SplittableRandom(9), 1);
      List<Matrix[]> inputs = new ArrayList<>();
      List<Matrix> alone = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        inputs.add(inputs(new SplittableRandom(100 + t), c.shapes(), 1 + 7 * t));
        alone.add(forward(b, inputs.get(t), false));
      }
      CyclicBarrier start = new CyclicBarrier(THREADS);
      List<String> failures = Numerics.inThreads(THREADS, t -> {
        try {
          start.await();
        } catch (InterruptedException | java.util.concurrent.BrokenBarrierException e) {
          throw new IllegalStateException("the threads could not start together", e);
        }
        for (int i = 0; i < 300; i++) {
          Matrix y = forward(b, inputs.get(t), false);
          if (!y.equals(alone.get(t))) {
            return "forward (inference) of " + b.label() + " from " + THREADS + " threads at "
                + "once, on the " + y.rows() + "-row batch of thread " + t + " (call " + i
                + "): " + difference(alone.get(t), y) + " one thread alone computes; inference "
                + "must not write fields";
          }
        }
        return null;
      });
      for (String failure : failures) {
        if (failure != null) {
          throw new AssertionError(failure);
        }
      }
    }
  }

  /**
   * A second layer, built with other initial values and given the first's parameter and buffer
   * values by name (as a model file loads them) after the first has trained, predicts the same
   * bits: all state that inference uses is listed by {@code parameters()} or {@code buffers()}.
   */
  @Test
  public void copiedParametersAndBuffersReproduceInference() {
    for (Case c : cases()) {
      Built original = build(c, 1);
      SplittableRandom random = new SplittableRandom(10);
      train(original, random, 3);
      Built copy = build(c, 77);
      Map<String, float[]> from = live(original.layer());
      Map<String, float[]> to = live(copy.layer());
      if (!from.keySet().equals(to.keySet())) {
        throw new AssertionError("two layers " + original.label() + " declare different "
            + "parameters and buffers: " + from.keySet() + " and " + to.keySet());
      }
      for (Map.Entry<String, float[]> e : from.entrySet()) {
        float[] target = to.get(e.getKey());
        if (target.length != e.getValue().length) {
          throw new AssertionError("two layers " + original.label() + " have " + e.getKey()
              + " of different lengths: " + e.getValue().length + " and " + target.length);
        }
        System.arraycopy(e.getValue(), 0, target, 0, target.length);
      }
      Matrix[] x = inputs(random, c.shapes(), ROWS);
      Matrix expected = forward(original, x, false);
      Matrix actual = forward(copy, x, false);
      if (!expected.equals(actual)) {
        throw new AssertionError("a copy of " + original.label() + " given its parameters and "
            + "buffers " + from.keySet() + " by name predicts differently: "
            + difference(expected, actual) + " the original predicts; state that inference "
            + "uses is missing from parameters() or buffers() (not exported)");
      }
    }
  }

  /** forward and backward never write the inputs, nor backward the output or its gradient. */
  @Test
  public void inputsAreNotModified() {
    for (Case c : cases()) {
      Built b = build(c, 1);
      SplittableRandom random = new SplittableRandom(11);
      Matrix[] x = inputs(random, c.shapes(), ROWS);
      Matrix[] copies = copies(x);
      Matrix y = forward(b, x, true);
      unchanged("forward (training) of " + b.label(), copies, x);
      Matrix g = Numerics.uniform(random, ROWS, y.cols(), -1, 1);
      Matrix yCopy = y.copy();
      Matrix gCopy = g.copy();
      b.layer().backward(x, y, g, zeros(x), false);
      unchanged("backward of " + b.label(), copies, x);
      Numerics.assertUnchanged("backward of " + b.label(), "output", yCopy, y);
      Numerics.assertUnchanged("backward of " + b.label(), "gradOutput", gCopy, g);
      forward(b, x, false);
      unchanged("forward (inference) of " + b.label(), copies, x);
    }
  }

  /**
   * On views whose backing arrays run past the view (as the core's workspaces do), with NaN past
   * the view of every read-only array, forward and backward give the bits that exact-size arrays
   * give, and write nothing past the view of what they write.
   */
  @Test
  public void viewsAreNeitherReadNorWrittenPastTheirEnd() {
    for (Case c : cases()) {
      Built exact = build(c, 1);
      Built viewed = build(c, 1);
      SplittableRandom random = new SplittableRandom(12);
      Matrix[] x = inputs(random, c.shapes(), ROWS);
      Matrix g = Numerics.uniform(random, ROWS, exact.output().size(), -1, 1);
      Matrix[] xv = new Matrix[x.length];
      for (int k = 0; k < x.length; k++) {
        xv[k] = padded(x[k], Float.NaN);
      }
      Matrix gv = padded(g, Float.NaN);
      String what = " of " + viewed.label() + " on views with NaN past their end";

      Matrix y = forward(exact, x, true);
      Matrix yv = canaries(ROWS, y.cols(), TAIL);
      viewed.layer().forward(xv, yv, true);
      sameInView("forward (training)" + what, "output", y, yv);
      float[][] grads = gradients(exact, x, g, new Matrix[x.length], false, y);
      Matrix[] gxv = new Matrix[x.length];
      for (int k = 0; k < x.length; k++) {
        gxv[k] = canaries(ROWS, x[k].cols(), TAIL);
      }
      viewed.layer().backward(xv, yv, gv, gxv, false);
      for (int k = 0; k < x.length; k++) {
        sameInView("backward" + what, "gradInputs[" + k + "]",
            new Matrix(ROWS, x[k].cols(), grads[k]), gxv[k]);
      }
      List<Parameter> parameters = viewed.layer().parameters();
      for (int p = 0; p < parameters.size(); p++) {
        if (!Arrays.equals(grads[x.length + p], parameters.get(p).gradient())) {
          throw new AssertionError("backward" + what + " gave the gradient of "
              + parameters.get(p).name() + " as " + Arrays.toString(parameters.get(p).gradient())
              + " but on exact-size arrays " + Arrays.toString(grads[x.length + p])
              + ": it reads past the view (rows × cols), e.g. through data().length");
        }
      }
      Matrix inferred = forward(exact, x, false);
      Matrix inferredView = canaries(ROWS, y.cols(), TAIL);
      viewed.layer().forward(xv, inferredView, false);
      sameInView("forward (inference)" + what, "output", inferred, inferredView);
      for (int k = 0; k < x.length; k++) {
        tailUntouched("forward or backward" + what, "inputs[" + k + "]", xv[k], Float.NaN);
      }
      tailUntouched("backward" + what, "gradOutput", gv, Float.NaN);
      tailUntouched("backward" + what, "output", yv, CANARY);
    }
  }

  /**
   * {@code build} throws a {@link ShapeException} naming the shape for each {@linkplain
   * #impossibleInputShapes() impossible shape}. (The number of inputs is the core's to check,
   * against {@link Layer#arity()}, before it builds a layer.)
   */
  @Test
  public void buildRejectsShapesItCannotTake() {
    for (Case c : cases()) {
      for (List<Shape> shapes : impossibleInputShapes()) {
        String label = provider().name() + " with " + c.parameters();
        Layer layer = create(c);
        try {
          layer.build(shapes, new SeededLayerContext(backend(), 1));
        } catch (ShapeException e) {
          String message = String.valueOf(e.getMessage());
          if (shapes.stream().noneMatch(s -> message.contains(s.toString()))) {
            throw new AssertionError("build of " + label + " rejected input shapes " + shapes
                + " with a message that does not name the shape given: \"" + message + "\"");
          }
          continue;
        } catch (RuntimeException e) {
          throw new AssertionError("build of " + label + " threw " + e + " for input shapes "
              + shapes + " instead of a ShapeException naming the shape", e);
        }
        throw new AssertionError("build of " + label + " accepted input shapes " + shapes
            + ", which the test says it cannot take; it must throw a ShapeException naming the"
            + " shape");
      }
    }
  }

  /**
   * Parameter and buffer names are lower case ({@code [a-z][a-z0-9_]*}) and unique within the
   * layer, {@code regularized()} names parameters only, and after forward and backward passes of
   * several batch sizes {@code parameters()} and {@code buffers()} return the same names and the
   * same arrays.
   */
  @Test
  public void namesAreValidAndArraysKeepTheirIdentity() {
    for (Case c : cases()) {
      Built b = build(c, 1);
      Layer layer = b.layer();
      List<Object> arrays = arrays(layer);
      List<String> declared = names(layer);
      Set<String> names = new HashSet<>();
      for (String name : names(layer)) {
        if (name == null || !NAME.matcher(name).matches()) {
          throw new AssertionError(b.label() + " has a parameter or buffer named '" + name
              + "'; names must match " + NAME.pattern() + " (lower case letters, digits and _)");
        }
        if (!names.add(name)) {
          throw new AssertionError(b.label() + " has two parameters or buffers named '" + name
              + "'");
        }
      }
      Set<String> parameterNames = new HashSet<>();
      layer.parameters().forEach(p -> parameterNames.add(p.name()));
      for (String name : layer.regularized()) {
        if (!parameterNames.contains(name)) {
          throw new AssertionError(b.label() + " regularizes '" + name + "', which is not one of "
              + "its parameters " + parameterNames);
        }
      }
      SplittableRandom random = new SplittableRandom(13);
      for (int rows : new int[] {ROWS, 1, ROWS + 2}) {
        Matrix[] x = inputs(random, c.shapes(), rows);
        Matrix y = forward(b, x, true);
        layer.backward(x, y, Numerics.uniform(random, rows, y.cols(), -1, 1), zeros(x), false);
        forward(b, x, false);
      }
      List<Object> later = arrays(layer);
      if (!names(layer).equals(declared) || later.size() != arrays.size()) {
        throw new AssertionError(b.label() + " declared the parameters and buffers " + declared
            + " after build but " + names(layer) + " after forward and backward passes");
      }
      for (int i = 0; i < arrays.size(); i++) {
        if (arrays.get(i) != later.get(i)) {
          throw new AssertionError(b.label() + " replaced the array of " + declared.get(i / 2)
              + " after build; the optimizer and model files write into the arrays that "
              + "parameters() and buffers() returned, so they must keep their identity");
        }
      }
    }
  }

  // ---- helpers ----

  /** Parameters and the input shapes a layer is built for. */
  private record Case(Record parameters, List<Shape> shapes) {}

  /** A built layer with its context, output shape and a label for messages. */
  private record Built(Layer layer, SeededLayerContext context, List<Shape> inputs, Shape output,
      String label) {}

  private List<Case> cases() {
    List<P> sets = new ArrayList<>();
    sets.add(provider().defaultParameters());
    sets.addAll(nonDefaultParameterSets());
    List<Case> cases = new ArrayList<>();
    for (P parameters : sets) {
      for (List<Shape> shapes : inputShapes()) {
        cases.add(new Case(parameters, shapes));
      }
    }
    return cases;
  }

  @SuppressWarnings("unchecked")
  private Layer create(Case c) {
    return provider().create((P) c.parameters());
  }

  private Built build(Case c, long seed) {
    Layer layer = create(c);
    SeededLayerContext context = new SeededLayerContext(backend(), seed);
    String label = provider().name() + " with " + c.parameters() + " on input shapes "
        + c.shapes();
    Shape output = layer.build(c.shapes(), context);
    if (output == null) {
      throw new AssertionError("build of " + label + " returned no output shape");
    }
    moveParameters(layer, new SplittableRandom(seed + 1));
    return new Built(layer, context, c.shapes(), output, label);
  }

  private Matrix[] inputs(SplittableRandom random, List<Shape> shapes, int rows) {
    Matrix[] x = new Matrix[shapes.size()];
    for (int k = 0; k < x.length; k++) {
      x[k] = input(random, shapes.get(k), rows);
    }
    return x;
  }

  /** Runs forward on a fresh output full of canaries. */
  private static Matrix forward(Built b, Matrix[] x, boolean training) {
    Matrix y = canaries(x[0].rows(), b.output().size(), 0);
    b.layer().forward(x, y, training);
    return y;
  }

  /** A training forward and backward; returns copies of the input then parameter gradients. */
  private static float[][] gradients(Built b, Matrix[] x, Matrix g, Matrix[] gx,
      boolean accumulate) {
    return gradients(b, x, g, gx, accumulate, forward(b, x, true));
  }

  /**
   * Backward after the training forward that gave y; gx null for null input gradients, else its
   * entries are replaced by canary-filled matrices.
   */
  private static float[][] gradients(Built b, Matrix[] x, Matrix g, Matrix[] gx,
      boolean accumulate, Matrix y) {
    Matrix[] gradInputs = new Matrix[x.length];
    for (int k = 0; gx != null && k < x.length; k++) {
      gradInputs[k] = canaries(x[k].rows(), x[k].cols(), 0);
    }
    b.layer().backward(x, y, g, gradInputs, accumulate);
    List<Parameter> parameters = b.layer().parameters();
    float[][] out = new float[x.length + parameters.size()][];
    for (int k = 0; k < x.length; k++) {
      out[k] = gradInputs[k] == null ? null : gradInputs[k].data().clone();
    }
    for (int p = 0; p < parameters.size(); p++) {
      out[x.length + p] = parameters.get(p).gradient().clone();
    }
    return out;
  }

  /** Trains the layer for a few steps (forward and backward) so that its buffers move. */
  private void train(Built b, SplittableRandom random, int steps) {
    for (int s = 0; s < steps; s++) {
      b.context().setStep(s);
      Matrix[] x = inputs(random, b.inputs(), ROWS);
      gradients(b, x, Numerics.uniform(random, ROWS, b.output().size(), -1, 1), null, false);
    }
  }

  /** Σ w·forward(x) in double, refined by Richardson extrapolation over the step h. */
  private static double numericGradient(Built b, Matrix[] x, Matrix w, float[] array, int i) {
    double h = 1e-2 * Math.max(1, Math.abs(array[i]));
    return (4 * centralDifference(b, x, w, array, i, h / 2)
        - centralDifference(b, x, w, array, i, h)) / 3;
  }

  private static double centralDifference(Built b, Matrix[] x, Matrix w, float[] array, int i,
      double h) {
    float original = array[i];
    float plus = (float) (original + h);
    float minus = (float) (original - h);
    array[i] = plus;
    double up = functional(forward(b, x, true), w);
    array[i] = minus;
    double down = functional(forward(b, x, true), w);
    array[i] = original;
    return (up - down) / ((double) plus - minus);
  }

  private static double functional(Matrix y, Matrix w) {
    double sum = 0;
    for (int i = 0; i < y.size(); i++) {
      sum += (double) w.data()[i] * y.data()[i];
    }
    return sum;
  }

  /** Up to {@value #CHECKED_PER_ARRAY} indices spread over [0, size). */
  private static int[] sample(int size) {
    int n = Math.min(size, CHECKED_PER_ARRAY);
    int[] indices = new int[n];
    for (int j = 0; j < n; j++) {
      indices[j] = (int) ((long) j * size / n);
    }
    return indices;
  }

  /** Says where actual first differs from expected: "element i (row r, column c) is a, not b". */
  private static String difference(Matrix expected, Matrix actual) {
    for (int i = 0; i < expected.size(); i++) {
      if (Float.floatToIntBits(expected.data()[i]) != Float.floatToIntBits(actual.data()[i])) {
        return element(expected, i) + " of the output is " + actual.data()[i] + ", not the "
            + expected.data()[i] + " that";
      }
    }
    return "the output is " + actual + ", not the " + expected + " that";
  }

  private static String element(Matrix m, int i) {
    return "element " + i + " (row " + i / m.cols() + ", column " + i % m.cols() + ")";
  }

  /** The values of every parameter and buffer by name, copied. */
  private static Map<String, float[]> state(Layer layer) {
    Map<String, float[]> state = live(layer);
    state.replaceAll((name, values) -> values.clone());
    return state;
  }

  /** The arrays of every parameter's values and every buffer by name, as a model file sees them. */
  private static Map<String, float[]> live(Layer layer) {
    Map<String, float[]> arrays = new LinkedHashMap<>();
    layer.parameters().forEach(p -> arrays.put("parameter " + p.name(), p.value()));
    layer.buffers().forEach(s -> arrays.put("buffer " + s.name(), s.values()));
    return arrays;
  }

  private static List<String> names(Layer layer) {
    List<String> names = new ArrayList<>();
    layer.parameters().forEach(p -> names.add(p.name()));
    layer.buffers().forEach(s -> names.add(s.name()));
    return names;
  }

  /** Each parameter's value and gradient arrays, then each buffer's array twice. */
  private static List<Object> arrays(Layer layer) {
    List<Object> arrays = new ArrayList<>();
    for (Parameter p : layer.parameters()) {
      arrays.add(p.value());
      arrays.add(p.gradient());
    }
    for (StateBuffer s : layer.buffers()) {
      arrays.add(s.values());
      arrays.add(s.values());
    }
    return arrays;
  }

  /** rows × cols filled with canaries, in an array {@code tail} elements longer than the view. */
  private static Matrix canaries(int rows, int cols, int tail) {
    float[] data = new float[rows * cols + tail];
    Arrays.fill(data, CANARY);
    return new Matrix(rows, cols, data);
  }

  /** A copy of m in an array {@value #TAIL} elements longer, filled past the view with fill. */
  private static Matrix padded(Matrix m, float fill) {
    float[] data = new float[m.size() + TAIL];
    Arrays.fill(data, fill);
    System.arraycopy(m.data(), 0, data, 0, m.size());
    return new Matrix(m.rows(), m.cols(), data);
  }

  private static Matrix[] copies(Matrix[] x) {
    Matrix[] copies = new Matrix[x.length];
    for (int k = 0; k < x.length; k++) {
      copies[k] = x[k].copy();
    }
    return copies;
  }

  private static Matrix[] zeros(Matrix[] x) {
    Matrix[] zeros = new Matrix[x.length];
    for (int k = 0; k < x.length; k++) {
      zeros[k] = Matrix.zeros(x[k].rows(), x[k].cols());
    }
    return zeros;
  }

  private static void unchanged(String check, Matrix[] before, Matrix[] after) {
    for (int k = 0; k < before.length; k++) {
      Numerics.assertUnchanged(check, "inputs[" + k + "]", before[k], after[k]);
    }
  }

  /** Fails unless every element of the view was overwritten with a finite value. */
  private static void written(String check, String what, Matrix m) {
    for (int i = 0; i < m.size(); i++) {
      float v = m.data()[i];
      if (Float.floatToRawIntBits(v) == Float.floatToRawIntBits(CANARY)) {
        throw new AssertionError(check + " did not write " + what + " " + element(m, i)
            + " (it still holds the NaN it held before the call); it must write every element");
      }
      if (!Float.isFinite(v)) {
        throw new AssertionError(check + " wrote " + v + " to " + what + " " + element(m, i)
            + " for finite inputs");
      }
    }
  }

  /** Fails unless every element past the view still holds fill, bit for bit. */
  private static void tailUntouched(String check, String what, Matrix view, float fill) {
    for (int i = view.size(); i < view.data().length; i++) {
      if (Float.floatToRawIntBits(view.data()[i]) != Float.floatToRawIntBits(fill)) {
        throw new AssertionError(check + " wrote " + what + " past the view: element " + i
            + " of its array, after the view's " + view.size() + ", became " + view.data()[i]
            + "; read and write only the first rows × cols elements");
      }
    }
  }

  /** Fails unless the view holds the exact result's bits and nothing past it was written. */
  private static void sameInView(String check, String what, Matrix exact, Matrix view) {
    for (int i = 0; i < exact.size(); i++) {
      if (Float.floatToIntBits(exact.data()[i]) != Float.floatToIntBits(view.data()[i])) {
        throw new AssertionError(check + ": " + what + " " + element(exact, i) + " is "
            + view.data()[i] + " but " + exact.data()[i] + " on exact-size arrays: it reads "
            + "past the view (rows × cols), e.g. through data().length");
      }
    }
    tailUntouched(check, what, view, CANARY);
  }
}
