package dev.nn4j.activations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.spi.Activation;
import dev.nn4j.api.spi.ActivationProvider;
import dev.nn4j.testkit.PluginContract;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every built-in activation against PyTorch 1.13 in float64 ({@code
 * scripts/pytorch-fixtures/plugins.py}, fixture {@code pytorch/activations.json}): values and
 * derivatives on a grid from −50 to 50. Each element must be within 1e-6·|PyTorch| + 1e-7: the
 * absolute 1e-7 (under two float32 ulps of 1) is what a derivative computed from a float32
 * output, such as sigmoid's a(1 − a) or tanh's 1 − a² (PyTorch's float32 backward does the
 * same), can reach where it cancels. The printed numbers are the largest relative difference
 * where |PyTorch| ≥ 1e-3 and the largest absolute difference.
 */
class PyTorchFixturesTest {

  /** Relative and absolute tolerance; nn4j computes in float32. */
  private static final double RELATIVE = 1e-6;
  private static final double ABSOLUTE = 1e-7;

  @SuppressWarnings("unchecked")
  static Map<String, Object> fixture() throws IOException {
    try (InputStream in = PyTorchFixturesTest.class.getResourceAsStream(
        "/pytorch/activations.json")) {
      return JsonMapper.builder().build().readValue(in, Map.class);
    }
  }

  @SuppressWarnings("unchecked")
  static Stream<Map<String, Object>> elementwise() throws IOException {
    return ((List<Map<String, Object>>) fixture().get("elementwise")).stream();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Activation create(String name, Map<String, Object> parameters) {
    for (ActivationProvider provider : ServiceLoader.load(ActivationProvider.class)) {
      if (provider.name().equals(name)) {
        return (Activation) provider.create(PluginContract.parameters(provider, parameters));
      }
    }
    throw new AssertionError("no activation named " + name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("elementwise")
  @SuppressWarnings("unchecked")
  void matchesPyTorch(Map<String, Object> c) {
    Activation f = create((String) c.get("name"), (Map<String, Object>) c.get("parameters"));
    double[] z = doubles(c.get("z"));
    Matrix zs = new Matrix(1, z.length, floats(z));
    Matrix a = Matrix.zeros(1, z.length);
    f.forward(zs, a);
    Matrix ones = new Matrix(1, z.length, floats(new double[z.length]));
    java.util.Arrays.fill(ones.data(), 1f);
    Matrix derivative = Matrix.zeros(1, z.length);
    f.backward(zs, a, ones, derivative);
    String label = c.get("name") + " " + c.get("parameters");
    double[] value = largest(label + " value", z, doubles(c.get("value")), a.data());
    double[] slope = largest(label + " derivative", z, doubles(c.get("derivative")),
        derivative.data());
    report(label, value, slope);
  }

  @ParameterizedTest(name = "softmax")
  @MethodSource("softmax")
  @SuppressWarnings("unchecked")
  void softmaxMatchesPyTorch(Map<String, Object> c) {
    Activation f = create("softmax", Map.of());
    Matrix z = matrix(c.get("z"));
    Matrix a = Matrix.zeros(z.rows(), z.cols());
    f.forward(z, a);
    Matrix gradZ = Matrix.zeros(z.rows(), z.cols());
    f.backward(z, a, matrix(c.get("gradA")), gradZ);
    double[] zs = toDoubles(z.data());
    double[] value = largest("softmax value", zs, flat(c.get("value")), a.data());
    double[] vjp = largest("softmax backward", zs, flat(c.get("gradZ")), gradZ.data());
    report("softmax", value, vjp);
  }

  static Stream<Map<String, Object>> softmax() throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> c = (Map<String, Object>) fixture().get("softmax");
    return Stream.of(c);
  }

  /**
   * Returns the largest relative difference where |expected| ≥ 1e-3 and the largest absolute
   * one, failing where an element is off by more than the tolerance.
   */
  private static double[] largest(String what, double[] z, double[] expected, float[] actual) {
    double relative = 0;
    double absolute = 0;
    for (int i = 0; i < expected.length; i++) {
      double d = Math.abs(actual[i] - expected[i]);
      assertThat(d).as("%s at z = %s: nn4j %s, PyTorch %s", what, z[i], actual[i], expected[i])
          .isLessThanOrEqualTo(RELATIVE * Math.abs(expected[i]) + ABSOLUTE);
      absolute = Math.max(absolute, d);
      if (Math.abs(expected[i]) >= 1e-3) {
        relative = Math.max(relative, d / Math.abs(expected[i]));
      }
    }
    return new double[] {relative, absolute};
  }

  private static void report(String label, double[] value, double[] derivative) {
    System.out.printf("pytorch %-34s value rel %.1e abs %.1e | derivative rel %.1e abs %.1e%n",
        label, value[0], value[1], derivative[0], derivative[1]);
  }

  @SuppressWarnings("unchecked")
  private static double[] doubles(Object list) {
    return ((List<Number>) list).stream().mapToDouble(Number::doubleValue).toArray();
  }

  @SuppressWarnings("unchecked")
  private static double[] flat(Object rows) {
    return ((List<Object>) rows).stream().flatMapToDouble(r -> java.util.Arrays.stream(doubles(r)))
        .toArray();
  }

  @SuppressWarnings("unchecked")
  private static Matrix matrix(Object rows) {
    List<Object> list = (List<Object>) rows;
    return new Matrix(list.size(), doubles(list.get(0)).length, floats(flat(rows)));
  }

  private static float[] floats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  private static double[] toDoubles(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
