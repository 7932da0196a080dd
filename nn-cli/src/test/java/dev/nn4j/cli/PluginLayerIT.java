package dev.nn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A layer from outside: the packaged {@code nn4j.jar} trains a config naming {@code type: scale},
 * a layer that only nn-plugin-example's jar provides, given with {@code --plugin-path}; without
 * the jar the same config is a clear error. Failsafe runs this after {@code package}.
 */
class PluginLayerIT {

  @TempDir
  Path dir;

  private record Run(int code, String output) {}

  private static Path property(String name) {
    String value = System.getProperty(name);
    assertThat(value).as("failsafe sets " + name).isNotBlank().doesNotContain("${");
    return Path.of(value);
  }

  private Run nn4j(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-Djava.io.tmpdir=" + dir,
        "-jar", property("nn4j.jar").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), output);
  }

  @Test
  void aThirdPartyLayerTrainsByNameFromYamlThroughThePluginPath() throws Exception {
    Path config = Files.copy(property("nn4j.pluginExample").resolveSibling("..")
        .resolve("scale-xor.yaml").normalize(), dir.resolve("scale-xor.yaml"));
    String jar = property("nn4j.pluginExample").toString();
    Run train = nn4j("--plugin-path", jar, "train", config.toString(), "--no-chart");
    assertThat(train.code()).as(train.output()).isZero();
    assertThat(dir.resolve("scale-xor.nn4j")).isRegularFile();
    Run inspect = nn4j("--plugin-path", jar, "inspect", dir.resolve("scale-xor.nn4j").toString());
    assertThat(inspect.code()).as(inspect.output()).isZero();
    assertThat(inspect.output()).contains("layers[1]:  {\"type\":\"scale\",\"shift\":true,"
        + "\"gain\":0.5} [8] -> 8, gamma 8, beta 8")
        .containsPattern("plugins: .*scale \\(layer, nn-plugin-example-[^ ]+\\.jar\\)");
    Run noJar = nn4j("inspect", dir.resolve("scale-xor.nn4j").toString());
    assertThat(noJar.code()).isEqualTo(2);
    assertThat(noJar.output()).contains("unknown activation 'mish'")
        .containsPattern("the model was trained with the activation 'mish' of"
            + " nn-plugin-example-[^ ]+\\.jar \\(version [^)]+\\): add that jar with"
            + " --plugin-path").doesNotContain("\tat ");
    Path tanh = Files.writeString(dir.resolve("scale-tanh.yaml"),
        Files.readString(config).replace("activation: mish", "activation: tanh"));
    Run without = nn4j("train", tanh.toString(), "--no-chart");
    assertThat(without.code()).isEqualTo(2);
    assertThat(without.output()).contains("scale-tanh.yaml:12:13: network.layers[1].type: unknown"
        + " layer 'scale'").doesNotContain("\tat ");
  }
}
