package dev.nn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.StateBuffer;
import dev.nn4j.core.Backpropagation;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.config.ConfigReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.ObjectMapper;

/**
 * Whole networks of nn-layers' and nn-core's layers, built from YAML with PyTorch's parameters
 * copied in, give PyTorch's outputs, categorical cross-entropy, parameter gradients (through
 * nn-core's {@link Backpropagation}) and, for batch norm, running statistics after the training
 * pass and outputs in inference. The fixtures come from {@code
 * src/test/python/make_network_fixtures.py} (float64); PyTorch is not needed at test time.
 */
class NetworkFixturesTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();
  /** Largest difference allowed, relative to the largest magnitude of the quantity compared. */
  private static final double TOLERANCE = 2e-5;

  @SuppressWarnings("unchecked")
  static Stream<Arguments> cases() throws IOException {
    try (InputStream in = NetworkFixturesTest.class.getResourceAsStream(
        "/fixtures/networks.json")) {
      Map<String, Object> file = new ObjectMapper().readValue(in, Map.class);
      return ((List<Map<String, Object>>) file.get("cases")).stream()
          .map(c -> Arguments.of(c.get("name"), c));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @SuppressWarnings("unchecked")
  void matchesPyTorch(String name, Map<String, Object> c) {
    Network network = new ConfigReader(REGISTRY)
        .readNetwork((String) c.get("network"), name + ".yaml").build(REGISTRY);
    Map<String, Object> params = (Map<String, Object>) c.get("params");
    Map<String, Object> buffers = (Map<String, Object>) c.get("buffers");
    List<String> names = new ArrayList<>();
    network.parameters().forEach(p -> names.add(p.name()));
    assertThat(names).containsExactlyInAnyOrderElementsOf(params.keySet());
    for (Parameter p : network.parameters()) {
      copy(params.get(p.name()), p.value());
    }
    assertThat(new TreeSet<>(network.buffers().stream().map(StateBuffer::name).toList()))
        .isEqualTo(new TreeSet<>(buffers.keySet()));
    for (StateBuffer b : network.buffers()) {
      copy(buffers.get(b.name()), b.values());
    }
    int batch = ((Number) c.get("batch")).intValue();
    Matrix x = new Matrix(batch, network.inputs(), floats(c.get("input")));
    Matrix y = new Matrix(batch, network.outputs(), floats(c.get("targets")));
    Backpropagation backpropagation = new Backpropagation(network,
        REGISTRY.newLoss(PluginSpec.of("categorical_cross_entropy")), batch);
    double loss = backpropagation.pass(x, y);
    assertThat(Math.abs(loss - ((Number) c.get("loss")).doubleValue()))
        .as(name + ": the loss is %s", loss).isLessThan(TOLERANCE);
    Map<String, Object> grads = (Map<String, Object>) c.get("grads");
    for (Parameter p : backpropagation.parameters()) {
      assertClose(name + ": ∂C/∂" + p.name(), grads.get(p.name()), p.gradient());
    }
    if (c.containsKey("buffers_after")) {
      Map<String, Object> after = (Map<String, Object>) c.get("buffers_after");
      for (StateBuffer b : network.buffers()) {
        assertClose(name + ": " + b.name() + " after the training pass", after.get(b.name()),
            b.values());
      }
      int rows = ((Number) c.get("eval_batch")).intValue();
      Matrix e = network.predict(new Matrix(rows, network.inputs(), floats(c.get("eval_input"))));
      assertClose(name + ": output in inference", c.get("eval_output"), e.data());
    } else {
      assertClose(name + ": output", c.get("output"), network.predict(x).data());
    }
  }

  private static void copy(Object values, float[] into) {
    float[] v = floats(values);
    assertThat(v).hasSameSizeAs(into);
    System.arraycopy(v, 0, into, 0, v.length);
  }

  @SuppressWarnings("unchecked")
  private static float[] floats(Object list) {
    List<Number> values = (List<Number>) list;
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).floatValue();
    }
    return out;
  }

  /** Fails unless max |actual − expected| ≤ tolerance · max(1, max |expected|). */
  @SuppressWarnings("unchecked")
  private static void assertClose(String what, Object expected, float[] actual) {
    List<Number> e = (List<Number>) expected;
    assertThat(actual).as(what).hasSize(e.size());
    double largest = 1;
    double distance = 0;
    int worst = 0;
    for (int i = 0; i < actual.length; i++) {
      largest = Math.max(largest, Math.abs(e.get(i).doubleValue()));
      double d = Math.abs(actual[i] - e.get(i).doubleValue());
      if (!(d <= distance)) {
        distance = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
        worst = i;
      }
    }
    assertThat(distance / largest).as("%s: element %d is %s, PyTorch %s", what, worst,
        actual[worst], e.get(worst)).isLessThanOrEqualTo(TOLERANCE);
  }
}
