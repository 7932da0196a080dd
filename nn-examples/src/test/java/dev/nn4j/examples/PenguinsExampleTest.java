package dev.nn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.api.Matrix;
import dev.nn4j.core.LayerNode;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.data.CsvReader;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import dev.nn4j.core.model.Training;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tabular example with categorical columns: the Palmer penguins' species from the island
 * (ids through an embedding), the sex (one-hot) and four measurements, rows with NA left out.
 */
class PenguinsExampleTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();
  private static final Path EXAMPLES = Path.of("src/main/resources/examples");

  @Test
  void trainsFromItsSeedsToAtLeastNinetyFivePercentAndItsModelReadsRawRows(@TempDir Path dir)
      throws IOException {
    ModelSpec spec = new ConfigReader(REGISTRY).read(EXAMPLES.resolve("penguins.yaml"));
    Training.Result result = Training.run(spec, REGISTRY, List.of());

    // 344 rows, 11 with an NA cell left out: 333 = 233 training + 33 validation + 67 test
    assertThat(result.rawSplits().train().size() + result.rawSplits().validation().size()
        + result.rawSplits().test().size()).isEqualTo(333);
    assertThat(result.rawSplits().test().size()).isEqualTo(67);
    assertThat(result.test().accuracy()).isGreaterThanOrEqualTo(0.95);

    Model model = result.model();
    assertThat(model.classes()).containsExactly("Adelie", "Gentoo", "Chinstrap");
    assertThat(model.network().layers().stream().map(LayerNode::type))
        .contains("slice", "embedding", "concat");
    assertThat(model.csv().columns().categorical()).containsExactly(
        new CsvReader.Categorical("island", "ids", List.of("Biscoe", "Dream", "Torgersen")),
        new CsvReader.Categorical("sex", "one_hot", List.of("female", "male")));
    // the island id and the sex indicators are not scaled; the measurements are
    assertThat(model.scaler().scale()).startsWith(1f, 1f, 1f);
    assertThat(model.scaler().offset()[3]).isGreaterThan(40f);

    Path file = dir.resolve("penguins.nn4j");
    ModelFile.save(model, file);
    Model loaded = ModelFile.load(file, REGISTRY);
    // rows as the data file has them, label and year included, without the header
    Path rows = dir.resolve("rows.csv");
    Files.writeString(rows, """
        Adelie,Torgersen,39.1,18.7,181,3750,male,2007
        Gentoo,Biscoe,46.1,13.2,211,4500,female,2007
        Chinstrap,Dream,46.5,17.9,192,3500,female,2007
        """);
    Matrix features = loaded.csv().withInput(false, ',').readFeatures(rows);
    assertThat(features.row(0)).containsExactly(2, 0, 1, 39.1f, 18.7f, 181, 3750);
    assertThat(loaded.classify(features).stream().map(Model.Classification::label))
        .containsExactly("Adelie", "Gentoo", "Chinstrap");
  }
}
