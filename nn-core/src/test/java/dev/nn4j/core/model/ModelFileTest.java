package dev.nn4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.api.Matrix;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.ModelSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();

  @TempDir
  Path dir;

  private Model trained() throws IOException {
    Path csv = dir.resolve("data.csv");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      sb.append(i % 7).append(',').append(i % 5 * 10).append(',').append(i % 2 == 0 ? "a" : "b")
          .append('\n');
    }
    Files.writeString(csv, sb);
    ModelSpec spec = new ConfigReader(REGISTRY).read("""
        name: roundtrip
        data: {file: data.csv, scaling: standard}
        network:
          inputs: 2
          layers:
            - {units: 5, activation: tanh}
            - {units: 2, activation: sigmoid, bias: false}
        loss: binary_cross_entropy
        training: {epochs: 3, testSplit: 0.25}
        """, "roundtrip.yaml", dir);
    return Training.run(spec, REGISTRY, List.of()).model();
  }

  @Test
  void saveThenLoadPredictsBitForBit() throws IOException {
    Model model = trained();
    Path file = dir.resolve("out/model.nn4j");
    ModelFile.save(model, file);
    Model loaded = ModelFile.load(file, REGISTRY);

    Matrix raw = Matrix.of(new float[] {3, 20}, new float[] {6, 40}, new float[] {-1, 7.5f});
    assertThat(loaded.predict(raw)).isEqualTo(model.predict(raw));
    assertThat(loaded.name()).isEqualTo("roundtrip");
    assertThat(loaded.classes()).containsExactly("a", "b");
    assertThat(loaded.scaler()).isEqualTo(model.scaler());
    assertThat(loaded.loss()).isEqualTo(model.loss());
    assertThat(loaded.config()).contains("name: roundtrip");
    assertThat(loaded.csv()).isEqualTo(model.csv()).isNotNull();
    assertThat(loaded.network().layers().get(1).parameters()).hasSize(1);
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void savingReplacesTheOldFileWhole() throws IOException {
    Model model = trained();
    Path file = dir.resolve("model.nn4j");
    Files.writeString(file, "old contents");
    ModelFile.save(model, file);
    assertThat(ModelFile.load(file, REGISTRY).network().parameterCount())
        .isEqualTo(model.network().parameterCount());
  }

  @Test
  void weightsExportAsJson() throws IOException {
    String json = ModelFile.weightsJson(trained());
    assertThat(json).contains("\"name\" : \"roundtrip\"", "\"activation\" : \"tanh\"",
        "\"weights\" : [ [");
  }

  /** Copies a saved model, replacing or dropping one entry. */
  private Path tamper(Model model, String entry, byte[] replacement) throws IOException {
    Path good = dir.resolve("good.nn4j");
    ModelFile.save(model, good);
    Path bad = dir.resolve("bad.nn4j");
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(good));
        OutputStream os = Files.newOutputStream(bad);
        ZipOutputStream out = new ZipOutputStream(os)) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        byte[] bytes = in.readAllBytes();
        if (e.getName().equals(entry)) {
          if (replacement == null) {
            continue;
          }
          bytes = replacement;
        }
        out.putNextEntry(new ZipEntry(e.getName()));
        out.write(bytes);
        out.closeEntry();
      }
    }
    return bad;
  }

  @Test
  void loadingChecksVersionPluginsAndShapes() throws IOException {
    Model model = trained();
    Path newer = tamper(model, "manifest.json",
        "{\"format\":\"nn4j-model\",\"version\":3}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> ModelFile.load(newer, REGISTRY))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining("the file is in model format 3, written by a newer nn4j; this nn4j reads formats 1 to 2");

    Path unknown = tamper(model, "network.json", ("{\"inputs\": 2, \"layers\": [{\"units\": 5,"
        + " \"activation\": \"swishy\"}, {\"units\": 2}]}").getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> ModelFile.load(unknown, REGISTRY))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining("network.json")
        .hasMessageContaining("unknown activation 'swishy'");

    Path shape = tamper(model, "layers/0/weights.f32", new byte[12]);
    assertThatThrownBy(() -> ModelFile.load(shape, REGISTRY))
        .hasMessageContaining("'layers/0/weights.f32' holds 3 floats (12 bytes) but the network"
            + " needs 10");

    Path missing = tamper(model, "layers/1/weights.f32", null);
    assertThatThrownBy(() -> ModelFile.load(missing, REGISTRY))
        .hasMessageContaining("the entry 'layers/1/weights.f32' is missing");

    Path notZip = dir.resolve("text.nn4j");
    Files.writeString(notZip, "hello");
    assertThatThrownBy(() -> ModelFile.load(notZip, REGISTRY))
        .hasMessageContaining("not a model file");
    assertThatThrownBy(() -> ModelFile.load(dir.resolve("none.nn4j"), REGISTRY))
        .hasMessageEndingWith("none.nn4j: no such file");
  }
}
