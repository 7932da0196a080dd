package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.NoParameters;
import dev.nn4j.api.spi.Initializer;
import dev.nn4j.api.spi.InitializerProvider;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.api.spi.Metric;
import dev.nn4j.api.spi.MetricProvider;
import dev.nn4j.api.spi.NoParametersProvider;
import dev.nn4j.api.spi.PluginProvider;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.model.Training;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ObjDoubleConsumer;
import org.junit.jupiter.api.Test;

/** Initializers and metrics are plugin kinds: a third party adds one and names it in YAML. */
class OpenKindsTest {

  /** Every weight 0.5. */
  public static final class Halves implements InitializerProvider<NoParameters>,
      NoParametersProvider<Initializer> {
    @Override
    public String name() {
      return "halves";
    }

    @Override
    public Initializer create(NoParameters parameters) {
      return (values, fanIn, fanOut, random) -> Arrays.fill(values, 0.5f);
    }
  }

  /** The largest absolute error. */
  public static final class MaxError implements MetricProvider<NoParameters>,
      NoParametersProvider<Metric> {
    @Override
    public String name() {
      return "max_error";
    }

    @Override
    public Metric create(NoParameters parameters) {
      return (Matrix s, Matrix y, Loss loss, ObjDoubleConsumer<String> out) -> {
        double max = 0;
        for (int i = 0; i < s.size(); i++) {
          max = Math.max(max, Math.abs(s.data()[i] - y.data()[i]));
        }
        out.accept("max_error", max);
      };
    }
  }

  @Test
  void aThirdPartyInitializerAndMetricAreUsedByName() {
    List<PluginProvider<?, ?>> providers = new ArrayList<>(PluginDiscovery.discover(
        OpenKindsTest.class.getClassLoader()));
    providers.add(new Halves());
    providers.add(new MaxError());
    PluginRegistry registry = PluginRegistry.of(providers);
    ModelSpec spec = new ConfigReader(registry).read("""
        network:
          inputs: 2
          initializer: halves
          layers:
            - units: 3
              activation: tanh
            - units: 1
        training: {epochs: 2, batchSize: 2, validationSplit: 0.25,
                   metrics: [loss, max_error]}
        data:
          features: [[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.5], [0.2, 0.9], [0.9, 0.2],
                     [0.3, 0.3]]
          targets: [[0], [1], [1], [0], [0], [1], [1], [0]]
        """, "kinds.yaml", Path.of("."));
    Network fresh = spec.network().build(registry);
    assertThat(fresh.layers().get(0).parameter("weights")).containsOnly(0.5f);
    assertThat(fresh.layers().get(1).parameter("weights")).containsOnly(0.5f);
    Training.Result result = Training.run(spec, registry, List.of());
    assertThat(result.history().epochs().get(1).metrics()).containsKeys("val_loss",
        "val_max_error");
  }
}
