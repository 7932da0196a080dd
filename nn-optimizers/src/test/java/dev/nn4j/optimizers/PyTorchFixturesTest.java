package dev.nn4j.optimizers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.api.Parameter;
import dev.nn4j.api.spi.LearningRateSchedule;
import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.api.spi.OptimizerProvider;
import dev.nn4j.api.spi.ScheduleProvider;
import dev.nn4j.testkit.PluginContract;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every built-in optimizer and the schedules PyTorch also has, against PyTorch 1.13 in float64
 * ({@code scripts/pytorch-fixtures/plugins.py}, fixture {@code pytorch/optimizers.json}). A 3-4-2
 * network (tanh, identity, MSE) with explicit initial weights trained on 8 samples in file order,
 * batches of 4, for 6 steps: the optimizer replays the gradients PyTorch computed and must land
 * on PyTorch's parameters after every step, within 1e-5·|PyTorch| + 1e-7 (float32 updates of
 * float64 references). The printed number is the largest relative difference over all steps
 * where |PyTorch| ≥ 1e-3.
 */
class PyTorchFixturesTest {

  private static final double RELATIVE = 1e-5;
  private static final double ABSOLUTE = 1e-7;

  @SuppressWarnings("unchecked")
  static Map<String, Object> fixture() throws IOException {
    try (InputStream in = PyTorchFixturesTest.class.getResourceAsStream(
        "/pytorch/optimizers.json")) {
      return JsonMapper.builder().build().readValue(in, Map.class);
    }
  }

  @SuppressWarnings("unchecked")
  static Stream<Map<String, Object>> optimizers() throws IOException {
    Map<String, Object> f = fixture();
    return ((List<Map<String, Object>>) f.get("optimizers")).stream().map(c -> {
      Map<String, Object> withNetwork = new java.util.LinkedHashMap<>(c);
      withNetwork.put("initial", f.get("initial"));
      withNetwork.put("parameterNames", f.get("parameterNames"));
      return withNetwork;
    });
  }

  @SuppressWarnings("unchecked")
  static Stream<Map<String, Object>> schedules() throws IOException {
    return ((List<Map<String, Object>>) fixture().get("schedules")).stream();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T> T create(Class<? extends OptimizerProvider> kind, String name,
      Map<String, Object> parameters) {
    for (Object p : ServiceLoader.load(kind)) {
      OptimizerProvider provider = (OptimizerProvider) p;
      if (provider.name().equals(name)) {
        return (T) provider.create(PluginContract.parameters(provider, parameters));
      }
    }
    throw new AssertionError("no optimizer named " + name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  @SuppressWarnings("unchecked")
  void replaysPyTorchsSteps(Map<String, Object> c) {
    Optimizer optimizer = create(OptimizerProvider.class, (String) c.get("name"),
        (Map<String, Object>) c.get("parameters"));
    List<String> names = (List<String>) c.get("parameterNames");
    List<Object> initial = (List<Object>) c.get("initial");
    List<Parameter> parameters = new ArrayList<>();
    for (int q = 0; q < names.size(); q++) {
      float[] value = floats(flat(initial.get(q)));
      parameters.add(new Parameter(names.get(q), value, new float[value.length]));
    }
    double worst = 0;
    List<Map<String, Object>> steps = (List<Map<String, Object>>) c.get("steps");
    for (int t = 0; t < steps.size(); t++) {
      List<Object> gradients = (List<Object>) steps.get(t).get("gradients");
      List<Object> after = (List<Object>) steps.get(t).get("after");
      for (int q = 0; q < parameters.size(); q++) {
        float[] g = floats(flat(gradients.get(q)));
        System.arraycopy(g, 0, parameters.get(q).gradient(), 0, g.length);
      }
      optimizer.step(parameters);
      for (int q = 0; q < parameters.size(); q++) {
        double[] expected = flat(after.get(q));
        float[] actual = parameters.get(q).value();
        for (int i = 0; i < expected.length; i++) {
          double d = Math.abs(actual[i] - expected[i]);
          assertThat(d).as("%s %s after step %d, %s[%d]: nn4j %s, PyTorch %s", c.get("name"),
              c.get("parameters"), t + 1, names.get(q), i, actual[i], expected[i])
              .isLessThanOrEqualTo(RELATIVE * Math.abs(expected[i]) + ABSOLUTE);
          if (Math.abs(expected[i]) >= 1e-3) {
            worst = Math.max(worst, d / Math.abs(expected[i]));
          }
        }
      }
    }
    System.out.printf("pytorch %-8s %-70s parameters after %d steps rel %.1e%n", c.get("name"),
        c.get("parameters"), steps.size(), worst);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schedules")
  @SuppressWarnings({"unchecked", "rawtypes"})
  void schedulesGivePyTorchsRates(Map<String, Object> c) {
    LearningRateSchedule schedule = null;
    for (ScheduleProvider provider : ServiceLoader.load(ScheduleProvider.class)) {
      if (provider.name().equals(c.get("name"))) {
        schedule = (LearningRateSchedule) provider.create(PluginContract.parameters(provider,
            (Map<String, Object>) c.get("parameters")));
      }
    }
    assertThat(schedule).as("schedule %s", c.get("name")).isNotNull();
    double base = ((Number) c.get("base")).doubleValue();
    List<Number> rates = (List<Number>) c.get("rates");
    boolean perEpoch = "epoch".equals(c.get("per"));
    double worst = 0;
    for (int i = 0; i < rates.size(); i++) {
      double expected = rates.get(i).doubleValue();
      double actual = perEpoch ? schedule.rate(base, 0, i + 1) : schedule.rate(base, i, 1);
      double d = Math.abs(actual - expected) / expected;
      assertThat(d).as("%s rate %d: nn4j %s, PyTorch %s", c.get("name"), i, actual, expected)
          .isLessThanOrEqualTo(1e-12);
      worst = Math.max(worst, d);
    }
    System.out.printf("pytorch %-12s rates rel %.1e%n", c.get("name"), worst);
  }

  @SuppressWarnings("unchecked")
  private static double[] flat(Object values) {
    List<Object> list = (List<Object>) values;
    if (!list.isEmpty() && list.get(0) instanceof List) {
      return list.stream().flatMapToDouble(r -> java.util.Arrays.stream(flat(r))).toArray();
    }
    return list.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
  }

  private static float[] floats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
