package dev.nn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.nn4j.cli.DistributionIT.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data-sharing archive that the build makes for {@code ./nn4j}: the launcher runs the
 * build's jar from it (the JVM's class loading log names it as the source of nn4j's classes), and
 * an archive that does not fit (truncated, random bytes, another jar's, older than the jar)
 * changes nothing a user sees: the same output, byte for byte, as with {@code NN4J_CDS=off}.
 * Failsafe runs this after {@code package}, which makes the archive, and passes the paths.
 */
@DisabledOnOs(OS.WINDOWS)
class ClassDataSharingIT {

  private static final long TIMEOUT_SECONDS = 300;
  /** How the JVM's class+load log names a class read from a dynamic archive. */
  private static final String FROM_ARCHIVE = "dev.nn4j.cli.Main source: shared objects file (top)";

  @TempDir
  Path dir;

  /** The archive the build made; skips the test when the build was told not to make one. */
  private static Path archive() {
    assumeFalse(Boolean.getBoolean("nn4j.cdsSkip"), "built with -Dnn4j.cds.skip=true");
    Path archive = property("nn4j.cdsArchive");
    assertThat(archive).as("the build makes the archive in package").isRegularFile();
    return archive;
  }

  private static Path property(String name) {
    String value = System.getProperty(name);
    assertThat(value).as("failsafe sets " + name).isNotBlank().doesNotContain("${");
    return Path.of(value);
  }

  /**
   * Runs a launcher in {@code work} with NN4J_CDS set to {@code cds} and NN4J_JAVA_OPTS to a
   * private temporary folder plus {@code javaOptions}.
   */
  private Run launch(Path launcher, String cds, String javaOptions, String... args)
      throws IOException, InterruptedException {
    Path work = Files.createDirectories(dir.resolve("work"));
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    Map<String, String> env = builder.environment();
    env.remove("NN4J_PLUGINS");
    env.put("NN4J_CDS", cds);
    env.put("NN4J_JAVA_OPTS", ("-Djava.io.tmpdir=" + tmp + " " + javaOptions).strip());
    return Run.of(builder);
  }

  @Test
  void theLauncherRunsFromTheBuildsArchiveUnlessToldNotTo() throws Exception {
    Path launcher = property("nn4j.launcher");
    Path archive = archive();
    assertThat(Files.readString(archive.resolveSibling("nn4j.jsa.size")).strip())
        .isEqualTo(String.valueOf(Files.size(archive)));

    Run on = launch(launcher, "on", "-Xlog:class+load", "plugins");
    assertThat(on.code()).as(on.output()).isZero();
    assertThat(on.output()).contains(FROM_ARCHIVE).contains("activations:");

    Run off = launch(launcher, "off", "-Xlog:class+load", "plugins");
    assertThat(off.code()).as(off.output()).isZero();
    assertThat(off.output()).doesNotContain("shared objects file (top)")
        .contains("dev.nn4j.cli.Main source: file:");
  }

  @Test
  void anArchiveThatDoesNotFitChangesNothingTheUserSees() throws Exception {
    Path archive = archive();
    // a copy of the checkout's layout: the launcher, the jar, and archives in the archive's place
    Path root = Files.createDirectories(dir.resolve("copy"));
    Path target = Files.createDirectories(root.resolve("nn-cli/target"));
    Path launcher = Files.copy(property("nn4j.launcher"), root.resolve("nn4j"));
    Path jar = Files.copy(property("nn4j.jar"), target.resolve("nn4j.jar"));
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
    Path jsa = target.resolve("nn4j.jsa");
    Path size = target.resolve("nn4j.jsa.size");
    String[] train = {"train", "--no-chart", "--epochs", "3", "--out", "iris.nn4j"};

    Run reference = launch(launcher, "off", "", train);
    assertThat(reference.code()).as(reference.output()).isZero();
    assertThat(reference.output()).contains("model written to iris.nn4j");

    // an archive of this copy's jar, as the build makes one: used, and nothing changes
    dump(jar, jsa);
    byte[] fitting = Files.readAllBytes(jsa);
    Files.writeString(size, fitting.length + "\n");
    assertThat(launch(launcher, "on", "-Xlog:class+load", "--version").output())
        .contains(FROM_ARCHIVE);
    assertThat(launch(launcher, "on", "", train)).as("the fitting archive").isEqualTo(reference);

    // truncated, which the JVM crashes on: the launcher leaves it out by its recorded length
    replace(jsa, Arrays.copyOf(fitting, fitting.length / 2));
    assertThat(launch(launcher, "on", "", train)).as("a truncated archive").isEqualTo(reference);

    // random bytes of the recorded length: the JVM rejects the header
    byte[] noise = new byte[fitting.length];
    new Random(24).nextBytes(noise);
    replace(jsa, noise);
    assertThat(launch(launcher, "on", "", train)).as("random bytes").isEqualTo(reference);

    // the build's archive, of another jar (the checkout's): the JVM rejects it
    replace(jsa, Files.readAllBytes(archive));
    Files.writeString(size, Files.size(archive) + "\n");
    assertThat(launch(launcher, "on", "", train)).as("another jar's archive")
        .isEqualTo(reference);
    assertThat(launch(launcher, "on", "-Xlog:class+load", "--version").output())
        .doesNotContain("shared objects file (top)");

    // the fitting archive, but the jar rebuilt after it: the launcher leaves it out
    replace(jsa, fitting);
    Files.writeString(size, fitting.length + "\n");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plus(1, ChronoUnit.MINUTES)));
    assertThat(launch(launcher, "on", "-Xlog:class+load", "--version").output())
        .doesNotContain("shared objects file (top)");

    try (var files = Files.list(dir.resolve("work"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no JVM crash report").noneMatch(name -> name.startsWith("hs_err"));
    }
  }

  /** Makes an archive of {@code jar} as the build does, with the launcher's java. */
  private void dump(Path jar, Path jsa) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("java", "--add-modules", "jdk.incubator.vector",
        "-XX:ArchiveClassesAtExit=" + jsa, "-cp", jar.toRealPath().toString(),
        Main.class.getName(),
        "--version").directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("dump.log").toFile()).start();
    assertThat(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("dump.log"))).isZero();
    assertThat(jsa).isRegularFile();
  }

  /** Replaces a file's bytes (the JVM writes its archives read-only). */
  private static void replace(Path file, byte[] bytes) throws IOException {
    Files.deleteIfExists(file);
    Files.write(file, bytes);
  }
}
