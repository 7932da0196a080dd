package dev.nn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.model.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ctrl-C (a real SIGINT) and SIGTERM to a training JVM with the chart on, piped and in a
 * pseudo-terminal: every try writes a loadable checkpoint, says so, exits with the signal's
 * code and leaves no temporary file.
 */
class SignalTest {

  private static final Pattern FIRST_EPOCH = Pattern.compile("epoch +1/");

  @TempDir
  Path dir;

  /** A run long enough to be interrupted: one sample per batch, many epochs. */
  private Path config() throws IOException {
    try (var iris = getClass().getResourceAsStream("/examples/data/iris.csv")) {
      Files.copy(iris, dir.resolve("iris.csv"));
    }
    return Files.writeString(dir.resolve("long.yaml"), """
        name: long
        data: {file: iris.csv, header: true, scaling: standard}
        network:
          inputs: 4
          seed: 3
          layers:
            - {units: 8, activation: tanh}
            - {units: 3, activation: softmax}
        loss: categorical_cross_entropy
        optimizer: {type: adam, learningRate: 0.01}
        training: {epochs: 1000000, batchSize: 1, seed: 1, validationSplit: 0.1}
        """);
  }

  @ParameterizedTest(name = "{0} {1}, try {2}")
  @CsvSource({"piped, INT, 1", "piped, INT, 2", "piped, INT, 3", "piped, TERM, 1",
      "terminal, INT, 1", "terminal, INT, 2", "terminal, INT, 3", "terminal, TERM, 1"})
  void aSignalDuringTrainingWritesTheCheckpointAndSaysSo(String how, String signal, int attempt)
      throws Exception {
    Path config = config();
    Path model = dir.resolve("long.nn4j");
    List<String> command = ChildJvm.command(List.of("-Xmx256m"), "train", config.toString(),
        "--out", model.toString());
    boolean terminal = how.equals("terminal");
    if (terminal) {
      assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is missing");
      String line = command.stream().map(a -> "'" + a.replace("'", "'\\''") + "'")
          .collect(Collectors.joining(" "));
      command = List.of("/usr/bin/script", "-qfec", line, "/dev/null");
    }
    try (ChildJvm child = ChildJvm.start(dir, command)) {
      assertThat(child.awaitLine(l -> FIRST_EPOCH.matcher(l).find(), 120))
          .as("training started:\n%s", child.output()).isTrue();
      ProcessHandle java = terminal ? child.handle().descendants()
          .filter(p -> p.info().command().orElse("").endsWith("java"))
          .findFirst().orElseThrow() : child.handle();
      Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(java.pid()))
          .inheritIO().start();
      assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
      int code = child.waitFor(120);
      String output = child.output();
      assertThat(code).as(output).isEqualTo(signal.equals("INT") ? 130 : 143);
      Path checkpoint = dir.resolve("long.ckpt");
      assertThat(output).contains("stopped; checkpoint written to " + checkpoint
          + "; continue with --resume " + checkpoint);
      assertThat(Checkpoint.load(checkpoint, PluginRegistry.discover()).state().step())
          .isPositive();
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .as("no temporary files, no model, no chart")
            .containsExactlyInAnyOrder("iris.csv", "long.yaml", "long.ckpt");
      }
    }
  }
}
