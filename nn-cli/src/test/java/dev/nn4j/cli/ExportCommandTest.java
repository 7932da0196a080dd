package dev.nn4j.cli;

import static dev.nn4j.cli.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.cli.MainTest.Run;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.model.ModelFile;
import dev.nn4j.onnx.OnnxExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nn4j export}: where it writes, what it refuses. ONNX Runtime runs the files in nn-onnx. */
class ExportCommandTest {

  @TempDir
  Path dir;

  private Path model;

  @BeforeEach
  void trainIris() {
    model = dir.resolve("iris.nn4j");
    Run run = run("train", "--epochs", "5", "--no-chart", "--out", model.toString());
    assertThat(run.code()).as(run.err()).isZero();
  }

  @Test
  void writesTheModelNextToItWithTheOnnxExtension() throws IOException {
    Run run = run("export", model.toString(), "--format", "onnx");
    assertThat(run.code()).as(run.err()).isZero();
    Path onnx = dir.resolve("iris.onnx");
    assertThat(run.out()).contains("input 'input' [N, 4], output 'output' [N, 3]) written to "
        + onnx);
    assertThat(Files.readAllBytes(onnx)).isEqualTo(OnnxExport.toBytes(
        ModelFile.load(model, PluginRegistry.discover())));
  }

  @Test
  void writesWhereOutSays() {
    Path out = dir.resolve("served/m.onnx");
    Run run = run("export", "--format", "onnx", "--out", out.toString(), model.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(out).isRegularFile();
  }

  @Test
  void neverOverwritesTheModel() throws IOException {
    byte[] before = Files.readAllBytes(model);
    Run run = run("export", model.toString(), "--format", "onnx", "--out", model.toString());
    assertThat(run.code()).isEqualTo(Main.USER_ERROR);
    assertThat(run.err()).contains("refusing to overwrite an input");
    assertThat(Files.readAllBytes(model)).isEqualTo(before);
    // a model file named .onnx: the default output is the model itself
    Path named = Files.copy(model, dir.resolve("odd.onnx"));
    Run odd = run("export", named.toString(), "--format", "onnx");
    assertThat(odd.code()).isEqualTo(Main.USER_ERROR);
    assertThat(odd.err()).contains("refusing to overwrite an input");
    assertThat(Files.readAllBytes(named)).isEqualTo(before);
  }

  @Test
  void anUnknownFormatIsAnError() {
    Run run = run("export", model.toString(), "--format", "tflite");
    assertThat(run.code()).isEqualTo(Main.USER_ERROR);
    assertThat(run.err()).contains("--format tflite is not a format nn4j exports; valid: onnx");
    assertThat(run("export", model.toString()).err()).contains("--format");
    assertThat(run("export", "--help").out()).contains("Usage: nn4j export");
  }
}
