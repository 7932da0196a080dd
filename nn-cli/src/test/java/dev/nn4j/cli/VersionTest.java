package dev.nn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --version} prints the project's version, for the command and every subcommand. Surefire
 * passes the version Maven builds as {@code nn4j.expectedVersion}; {@code DistributionIT} checks
 * the same from the manifest of the packaged jar.
 */
class VersionTest {

  private static String expectedVersion() {
    String version = System.getProperty("nn4j.expectedVersion");
    assertThat(version).as("Surefire sets nn4j.expectedVersion to ${project.version}")
        .isNotBlank().doesNotContain("${");
    return version;
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "train", "evaluate", "predict", "inspect", "plugins"})
  void everyCommandPrintsTheProjectVersion(String subcommand) {
    MainTest.Run run = subcommand.isEmpty()
        ? MainTest.run("--version")
        : MainTest.run(subcommand, "--version");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("nn4j " + expectedVersion() + System.lineSeparator());
  }
}
