package dev.nn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every command of README.md and docs/ works as written: runs {@code scripts/check-docs.sh
 * --prebuilt}, which runs each {@code bash} block of those documents in a temporary copy of the
 * repository on this build's jars (the {@code ./nn4j} launcher, the plugin example) and checks
 * their relative links. Failsafe runs this after {@code package}, when {@code nn4j.jar} and the
 * plugin example's jar exist.
 */
class DocsCommandsIT {

  @Test
  void everyCommandOfTheDocsRuns() throws Exception {
    String property = System.getProperty("nn4j.jar");
    assertThat(property).as("failsafe sets nn4j.jar").isNotBlank().doesNotContain("${");
    Path root = Path.of(property).toAbsolutePath().getParent().getParent().getParent();
    Path script = root.resolve("scripts/check-docs.sh");
    assertThat(script).isRegularFile();
    Path log = Files.createTempFile("check-docs", ".log");
    try {
      Process p = new ProcessBuilder("bash", script.toString(), "--prebuilt")
          .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
          .start();
      if (!p.waitFor(600, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("check-docs.sh did not finish within 10 minutes:%n%s",
            Files.readString(log, StandardCharsets.UTF_8));
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(output).isZero();
      assertThat(output).contains(" 0 failed").doesNotContain("FAILED");
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
