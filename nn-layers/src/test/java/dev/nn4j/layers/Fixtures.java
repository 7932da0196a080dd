package dev.nn4j.layers;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.Shape;
import dev.nn4j.api.StateBuffer;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerProvider;
import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.api.spi.OptimizerProvider;
import dev.nn4j.api.spi.PluginProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Runs the PyTorch fixtures of {@code src/test/python/make_fixtures.py}: finds the layer's provider
 * through {@code ServiceLoader}, binds the case's parameters to its record, copies PyTorch's
 * parameters and buffers in, and measures how far nn4j's output, gradients and running statistics
 * are from PyTorch's (float64) values.
 */
final class Fixtures {

  private Fixtures() {}

  /** Reads {@code fixtures/<layer>.json}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> load(String layer) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + layer + ".json")) {
      if (in == null) {
        throw new AssertionError("no fixture for " + layer);
      }
      return (Map<String, Object>) Json.parse(new String(in.readAllBytes(),
          StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The registered provider of the given name. */
  static LayerProvider<?> provider(String name) {
    for (LayerProvider<?> p : ServiceLoader.load(LayerProvider.class)) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no layer provider named " + name);
  }

  /** The registered optimizer provider of the given name. */
  static OptimizerProvider<?> optimizerProvider(String name) {
    for (OptimizerProvider<?> p : ServiceLoader.load(OptimizerProvider.class)) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no optimizer provider named " + name);
  }

  /** A new optimizer from a fixture's {@code {type, parameters}} entry. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Optimizer optimizer(Map<String, Object> spec) {
    OptimizerProvider provider = optimizerProvider((String) spec.get("type"));
    return (Optimizer) provider.create(parameters(provider,
        (Map<String, Object>) spec.get("parameters")));
  }

  /** Binds a map of values to the provider's record, component by component, with defaults. */
  static Record parameters(PluginProvider<?, ?> provider, Map<String, Object> given) {
    Record defaults = provider.defaultParameters();
    RecordComponent[] components = provider.parametersType().getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        RecordComponent c = components[i];
        types[i] = c.getType();
        Object v = given.get(c.getName());
        if (v == null) {
          values[i] = c.getAccessor().invoke(defaults);
        } else if (c.getType() == int.class) {
          values[i] = ((Double) v).intValue();
        } else {
          values[i] = v;
        }
      }
      Constructor<? extends Record> constructor =
          provider.parametersType().getDeclaredConstructor(types);
      return constructor.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot bind " + given + " to " + provider.parametersType(), e);
    }
  }

  /** A list of JSON numbers as floats. */
  @SuppressWarnings("unchecked")
  static float[] floats(Object list) {
    List<Double> values = (List<Double>) list;
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).floatValue();
    }
    return out;
  }

  /** The largest |actual − expected| over the largest |expected| (1 where expected is all 0). */
  @SuppressWarnings("unchecked")
  static double relative(Object expected, float[] actual) {
    List<Double> e = (List<Double>) expected;
    if (e.size() != actual.length) {
      throw new AssertionError("expected " + e.size() + " values but have " + actual.length);
    }
    double largest = 0;
    double distance = 0;
    for (int i = 0; i < actual.length; i++) {
      largest = Math.max(largest, Math.abs(e.get(i)));
      double d = Math.abs(actual[i] - e.get(i));
      distance = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(distance, d);
    }
    return distance / (largest == 0 ? 1 : largest);
  }

  static Shape shape(Object dims) {
    float[] d = floats(dims);
    return d.length == 1 ? Shape.vector((int) d[0])
        : Shape.image((int) d[0], (int) d[1], (int) d[2]);
  }

  /**
   * Runs one case and returns the largest relative difference of anything compared, each
   * quantity's difference appended to {@code report}.
   */
  @SuppressWarnings("unchecked")
  static double run(LayerProvider<?> provider, Map<String, Object> c, StringBuilder report) {
    Harness h = Harness.of(provider, parameters(provider, (Map<String, Object>) c.get(
        "parameters")), shape(c.get("input_shape")));
    if (!h.output.equals(shape(c.get("output_shape")))) {
      throw new AssertionError(c.get("name") + ": output shape " + h.output + ", PyTorch "
          + shape(c.get("output_shape")));
    }
    Layer layer = h.layer;
    Map<String, Object> params = (Map<String, Object>) c.get("params");
    if (layer.parameters().size() != params.size()) {
      throw new AssertionError(c.get("name") + ": parameters " + layer.parameters()
          + ", PyTorch has " + params.keySet());
    }
    copyIn(layer, c);
    int batch = ((Double) c.get("batch")).intValue();
    Matrix x = new Matrix(batch, h.input.size(), floats(c.get("input")));
    Matrix y = h.forward(x, true);
    double worst = note(report, "output", relative(c.get("output"), y.data()), 0);
    Matrix dy = new Matrix(batch, h.output.size(), floats(c.get("grad_output")));
    Matrix dx = h.backward(x, y, dy, false);
    if (c.containsKey("grad_input")) {
      worst = note(report, "∂input", relative(c.get("grad_input"), dx.data()), worst);
    }
    Map<String, Object> grads = (Map<String, Object>) c.get("grads");
    for (Parameter p : layer.parameters()) {
      worst = note(report, "∂" + p.name(), relative(grads.get(p.name()), p.gradient()), worst);
    }
    if (c.containsKey("buffers_after")) {
      Map<String, Object> after = (Map<String, Object>) c.get("buffers_after");
      for (StateBuffer b : layer.buffers()) {
        worst = note(report, b.name(), relative(after.get(b.name()), b.values()), worst);
      }
    }
    if (c.containsKey("eval_output")) {
      int rows = ((Double) c.get("eval_batch")).intValue();
      Matrix e = h.forward(new Matrix(rows, h.input.size(), floats(c.get("eval_input"))), false);
      worst = note(report, "eval output", relative(c.get("eval_output"), e.data()), worst);
    }
    return worst;
  }

  /**
   * Runs a case's optimizer steps: for each optimizer of the fixture, a fresh layer with the
   * case's parameters and buffers takes the fixture's number of steps (training forward, backward
   * of the same cost, optimizer step at its configured rate), and its parameters are compared with
   * PyTorch's after the same steps. Returns the largest relative difference; 0 for a layer
   * without parameters.
   */
  @SuppressWarnings("unchecked")
  static double steps(LayerProvider<?> provider, Map<String, Object> fixture,
      Map<String, Object> c, StringBuilder report) {
    if (((Map<String, Object>) c.get("params")).isEmpty()) {
      return 0;
    }
    if (!c.containsKey("steps")) {
      throw new AssertionError(c.get("name") + ": the fixture has parameters but no optimizer"
          + " steps; regenerate it with src/test/python/make_fixtures.py");
    }
    Map<String, Object> expected = (Map<String, Object>) c.get("steps");
    int steps = ((Double) fixture.get("steps")).intValue();
    double worst = 0;
    for (Map<String, Object> spec : (List<Map<String, Object>>) fixture.get("optimizers")) {
      String name = (String) spec.get("name");
      Harness h = Harness.of(provider, parameters(provider, (Map<String, Object>) c.get(
          "parameters")), shape(c.get("input_shape")));
      copyIn(h.layer, c);
      Optimizer optimizer = optimizer(spec);
      int batch = ((Double) c.get("batch")).intValue();
      Matrix x = new Matrix(batch, h.input.size(), floats(c.get("input")));
      Matrix dy = new Matrix(batch, h.output.size(), floats(c.get("grad_output")));
      for (int s = 0; s < steps; s++) {
        Matrix y = h.forward(x, true);
        h.backward(x, y, dy, false);
        optimizer.step(h.layer.parameters());
      }
      Map<String, Object> after = (Map<String, Object>) expected.get(name);
      if (after == null) {
        throw new AssertionError(c.get("name") + ": no steps of " + name + " in the fixture");
      }
      for (Parameter p : h.layer.parameters()) {
        worst = note(report, name + " " + p.name(), relative(after.get(p.name()), p.value()),
            worst);
      }
    }
    return worst;
  }

  /** Copies a case's parameters and buffers into a built layer. */
  @SuppressWarnings("unchecked")
  static void copyIn(Layer layer, Map<String, Object> c) {
    Map<String, Object> params = (Map<String, Object>) c.get("params");
    for (Parameter p : layer.parameters()) {
      float[] v = floats(params.get(p.name()));
      System.arraycopy(v, 0, p.value(), 0, v.length);
    }
    Map<String, Object> buffers = (Map<String, Object>) c.get("buffers");
    for (StateBuffer b : layer.buffers()) {
      float[] v = floats(buffers.get(b.name()));
      System.arraycopy(v, 0, b.values(), 0, v.length);
    }
  }

  private static double note(StringBuilder report, String what, double difference,
      double worst) {
    report.append(String.format(" %s %.2e", what, difference));
    return Math.max(worst, difference);
  }
}
