package dev.nn4j.losses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.spi.Activation;
import dev.nn4j.api.spi.ActivationProvider;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.api.spi.LossProvider;
import dev.nn4j.testkit.PluginContract;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every built-in loss against PyTorch 1.13 in float64 ({@code scripts/pytorch-fixtures/plugins.py},
 * fixture {@code pytorch/losses.json}): the value and ∂C/∂s on a 4×3 batch, and the fused ∂C/∂z
 * through sigmoid or softmax. Each element must be within 1e-6·|PyTorch| + 1e-8; the printed
 * numbers are the largest relative differences where |PyTorch| ≥ 1e-3.
 */
class PyTorchFixturesTest {

  private static final double RELATIVE = 1e-6;
  private static final double ABSOLUTE = 1e-8;

  @SuppressWarnings("unchecked")
  static Map<String, Object> fixture() throws IOException {
    try (InputStream in = PyTorchFixturesTest.class.getResourceAsStream("/pytorch/losses.json")) {
      return JsonMapper.builder().build().readValue(in, Map.class);
    }
  }

  @SuppressWarnings("unchecked")
  static Stream<Map<String, Object>> losses() throws IOException {
    return ((List<Map<String, Object>>) fixture().get("losses")).stream();
  }

  @SuppressWarnings("unchecked")
  static Stream<Map<String, Object>> fused() throws IOException {
    return ((List<Map<String, Object>>) fixture().get("fused")).stream();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Loss loss(String name, Map<String, Object> parameters) {
    for (LossProvider provider : ServiceLoader.load(LossProvider.class)) {
      if (provider.name().equals(name)) {
        return (Loss) provider.create(PluginContract.parameters(provider, parameters));
      }
    }
    throw new AssertionError("no loss named " + name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  @SuppressWarnings("unchecked")
  void matchesPyTorch(Map<String, Object> c) {
    Loss loss = loss((String) c.get("name"), (Map<String, Object>) c.get("parameters"));
    Matrix s = matrix(c.get("predictions"));
    Matrix y = matrix(c.get("targets"));
    Matrix gradient = Matrix.zeros(s.rows(), s.cols());
    loss.gradient(s, y, gradient);
    double value = ((Number) c.get("value")).doubleValue();
    double actual = loss.value(s, y);
    String label = c.get("name") + " " + c.get("parameters");
    assertThat(Math.abs(actual - value)).as("%s value: nn4j %s, PyTorch %s", label, actual, value)
        .isLessThanOrEqualTo(RELATIVE * Math.abs(value) + ABSOLUTE);
    double slope = largest(label + " gradient", flat(c.get("gradient")), gradient.data());
    System.out.printf("pytorch %-34s value rel %.1e | gradient rel %.1e%n", label,
        Math.abs(actual - value) / Math.abs(value), slope);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fused")
  void fusedGradientMatchesPyTorch(Map<String, Object> c) {
    Loss loss = loss((String) c.get("name"), Map.of());
    Activation f = activation((String) c.get("activation"));
    Matrix z = matrix(c.get("z"));
    Matrix a = Matrix.zeros(z.rows(), z.cols());
    f.forward(z, a);
    assertThat(loss.fusesWith(f.link().orElseThrow())).isTrue();
    Matrix gradZ = Matrix.zeros(z.rows(), z.cols());
    loss.fusedGradient(a, matrix(c.get("targets")), gradZ);
    String label = c.get("name") + " fused with " + c.get("activation");
    double worst = largest(label, flat(c.get("gradZ")), gradZ.data());
    System.out.printf("pytorch %-34s gradZ rel %.1e%n", label, worst);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Activation activation(String name) {
    for (ActivationProvider provider : ServiceLoader.load(ActivationProvider.class)) {
      if (provider.name().equals(name)) {
        return (Activation) provider.create(provider.defaultParameters());
      }
    }
    throw new AssertionError("no activation named " + name + " on the test class path");
  }

  private static double largest(String what, double[] expected, float[] actual) {
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      double d = Math.abs(actual[i] - expected[i]);
      assertThat(d).as("%s, element %d: nn4j %s, PyTorch %s", what, i, actual[i], expected[i])
          .isLessThanOrEqualTo(RELATIVE * Math.abs(expected[i]) + ABSOLUTE);
      if (Math.abs(expected[i]) >= 1e-3) {
        worst = Math.max(worst, d / Math.abs(expected[i]));
      }
    }
    return worst;
  }

  @SuppressWarnings("unchecked")
  private static double[] flat(Object rows) {
    return ((List<List<Number>>) rows).stream()
        .flatMapToDouble(r -> r.stream().mapToDouble(Number::doubleValue)).toArray();
  }

  @SuppressWarnings("unchecked")
  private static Matrix matrix(Object rows) {
    double[] values = flat(rows);
    int n = ((List<Object>) rows).size();
    float[] data = new float[values.length];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) values[i];
    }
    return new Matrix(n, values.length / n, data);
  }
}
