package com.example.nn4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.model.Training;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** mish-lion.yaml names the plugin's activation and optimizer, and the network learns XOR. */
class TrainsFromYamlTest {

  @Test
  void theYamlConfigTrainsWithThePluginByName() {
    PluginRegistry registry = PluginRegistry.discover();
    ModelSpec spec = new ConfigReader(registry).read(Path.of("mish-lion.yaml"));
    assertThat(spec.network().layers().get(0).activation().name()).isEqualTo("mish");
    assertThat(spec.optimizer().name()).isEqualTo("lion");
    Training.Result result = Training.run(spec, registry, List.of());
    assertThat(result.history().finalLoss()).isLessThan(0.05);
    assertThat(result.history().finalLoss()).isLessThan(result.history().losses().get(0) / 10);
  }
}
