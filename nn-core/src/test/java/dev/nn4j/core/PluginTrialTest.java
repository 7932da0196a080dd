package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.api.PluginKind;
import dev.nn4j.api.spi.PluginProvider;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every installed plugin of the kinds a small classifier has a slot for trains by name. */
class PluginTrialTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();

  static Stream<PluginProvider<?, ?>> plugins() {
    return Stream.of(PluginKind.ACTIVATION, PluginKind.LOSS, PluginKind.OPTIMIZER,
        PluginKind.SCHEDULE, PluginKind.INITIALIZER, PluginKind.METRIC)
        .flatMap(kind -> REGISTRY.providers(kind).stream())
        .filter(p -> !p.getClass().getName().contains("Test")); // the tests' broken ones
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plugins")
  void everyPluginTrainsByNameInASmallNetwork(PluginProvider<?, ?> provider) {
    PluginTrial.Result result = PluginTrial.run(provider, "");
    assertThat(result.history().epochs()).hasSize(5);
    assertThat(result.config()).contains(provider.name());
  }

  @ParameterizedTest(name = "dropout")
  @MethodSource("dropout")
  void aLayerGoesBetweenTheDenseLayers(PluginProvider<?, ?> provider) {
    assertThat(PluginTrial.run(provider, "rate: 0.25").config())
        .contains("- {type: dropout, rate: 0.25}");
  }

  static List<PluginProvider<?, ?>> dropout() {
    return List.of(REGISTRY.provider(PluginKind.LAYER, "dropout"));
  }
}
