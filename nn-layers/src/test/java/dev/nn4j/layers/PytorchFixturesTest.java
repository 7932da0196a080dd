package dev.nn4j.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.api.spi.LayerProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every layer matches PyTorch on the committed float64 fixtures: output, input and parameter
 * gradients, running statistics, (batch_norm) the inference output, and the parameters after a
 * few steps of nn4j's {@code sgd} with momentum and {@code adam} against PyTorch's {@code SGD} and
 * {@code Adam} from the same start. The difference measured
 * is max |nn4j − PyTorch| / max |PyTorch| per quantity; nn4j computes in float, so it must stay
 * near float precision.
 */
class PytorchFixturesTest {

  /** Float rounding over sums of up to a few hundred terms stays well inside this. */
  private static final double TOLERANCE = 1e-5;

  @ParameterizedTest
  @ValueSource(strings = {"flatten", "global_avg_pool2d", "max_pool2d", "avg_pool2d", "conv2d",
      "batch_norm", "layer_norm", "embedding"})
  @SuppressWarnings("unchecked")
  void matchesPytorch(String name) {
    Map<String, Object> fixture = Fixtures.load(name);
    LayerProvider<?> provider = Fixtures.provider(name);
    double worst = 0;
    List<Map<String, Object>> cases = (List<Map<String, Object>>) fixture.get("cases");
    assertThat(cases).isNotEmpty();
    for (Map<String, Object> c : cases) {
      StringBuilder report = new StringBuilder();
      double difference = Math.max(Fixtures.run(provider, c, report),
          Fixtures.steps(provider, fixture, c, report));
      System.out.println("[fixture] " + name + " / " + c.get("name") + ":" + report);
      assertThat(difference).as("%s / %s:%s", name, c.get("name"), report)
          .isLessThanOrEqualTo(TOLERANCE);
      worst = Math.max(worst, difference);
    }
    System.out.printf("[fixture] %s: largest relative difference %.2e over %d cases%n", name,
        worst, cases.size());
  }
}
