package dev.nn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.model.Training;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped example configurations train to their targets from their fixed seeds. */
class ConfigExamplesTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();
  private static final Path EXAMPLES = Path.of("src/main/resources/examples");

  private static Training.Result train(String file) {
    ModelSpec spec = new ConfigReader(REGISTRY).read(EXAMPLES.resolve(file));
    return Training.run(spec, REGISTRY, List.of());
  }

  @ParameterizedTest
  @CsvSource({"iris.yaml, 30", "iris-residual.yaml, 30", "digits.yaml, 359",
      "breast-cancer.yaml, 114", "wine-residual-bn.yaml, 36"})
  void reachesNinetyFivePercentOnTheHeldOutTestSplit(String file, int testSamples) {
    Training.Result result = train(file);
    assertThat(result.rawSplits().test().size()).isEqualTo(testSamples);
    assertThat(result.test().accuracy()).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void hmkcodeReproducesTheGoldenNumbers() {
    Training.Result result = train("hmkcode.yaml");
    assertThat(result.history().finalLoss()).isCloseTo(0.327, within(5e-4));
    assertThat(result.model().network().predict(2, 3)[0]).isCloseTo(0.2557458f, within(1e-6f));
    assertThat(result.model().network().layers().get(1).parameter("weights"))
        .containsExactly(new float[] {0.1743825f, 0.169416f}, within(1e-6f));
  }

  @Test
  void wineIsAResidualMlpWithBatchNorm() {
    Training.Result result = train("wine-residual-bn.yaml");
    List<String> types = result.model().network().layers().stream()
        .map(node -> node.type()).toList();
    assertThat(types).contains("batch_norm", "add");
    assertThat(result.model().network().buffers()).isNotEmpty();
    assertThat(result.rawSplits().train().size()).isEqualTo(124);
  }

  @Test
  void xorLearnsBelowOneHundredth() {
    assertThat(train("xor.yaml").history().finalLoss()).isLessThan(0.01);
  }
}
