package dev.nn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a user gets it: unpacked with {@code tar}, {@code bin/nn4j} run with a
 * clean environment (only {@code JAVA_HOME}, and a {@code PATH} holding nothing but bash), so no
 * Maven, no java on the PATH and no build output can help it. Failsafe runs this after
 * {@code package} and passes the archive's path.
 */
@DisabledOnOs(OS.WINDOWS)
class DistributionIT {

  private static final long TIMEOUT_SECONDS = 300;

  @TempDir
  Path dir;

  /** The output (stdout and stderr together) and exit code of one run of the launcher. */
  record Run(int code, String output) {

    /** Runs {@code builder}'s command with no input, its stderr merged into its output. */
    static Run of(ProcessBuilder builder) throws IOException, InterruptedException {
      Process process = builder.redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output;
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as(output).isTrue();
      return new Run(process.exitValue(), output);
    }
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    assertThat(value).as("failsafe sets " + name).isNotBlank().doesNotContain("${");
    return value;
  }

  private static String version() {
    return property("nn4j.expectedVersion");
  }

  /** Unpacks the .tar.gz and returns the folder it holds, nn4j-VERSION. */
  private Path unpack() throws IOException, InterruptedException {
    Path archive = Path.of(property("nn4j.distribution") + ".tar.gz");
    assertThat(archive).isRegularFile();
    Path into = Files.createDirectories(dir.resolve("unpacked"));
    Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", into.toString())
        .inheritIO().start();
    assertThat(tar.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(tar.exitValue()).isZero();
    return into.resolve("nn4j-" + version());
  }

  /**
   * Runs bin/nn4j in {@code work} with only JAVA_HOME, HOME, NN4J_JAVA_OPTS (a private temporary
   * folder) and a PATH of bash alone.
   */
  private Run launch(Path home, Path work, String javaHome, String... args)
      throws IOException, InterruptedException {
    Path path = Files.createDirectories(dir.resolve("path"));
    Path bash = path.resolve("bash");
    if (!Files.exists(bash, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Path realBash = Files.exists(Path.of("/bin/bash")) ? Path.of("/bin/bash")
          : Path.of("/usr/bin/bash");
      Files.createSymbolicLink(bash, realBash);
    }
    List<String> command = new java.util.ArrayList<>();
    command.add(home.resolve("bin/nn4j").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
        .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", path.toString());
    env.put("HOME", work.toString());
    env.put("JAVA_HOME", javaHome);
    // the built-in example's temporary copy goes to a private folder, not the shared /tmp
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    env.put("NN4J_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
    return Run.of(builder);
  }

  @Test
  void theUnpackedArchiveTrainsTheBuiltInExampleWithOnlyAJavaHome() throws Exception {
    Path home = unpack();
    Path work = Files.createDirectories(dir.resolve("work"));
    String javaHome = System.getProperty("java.home");

    Run version = launch(home, work, javaHome, "--version");
    assertThat(version.code()).as(version.output()).isZero();
    assertThat(version.output()).contains("nn4j " + version() + "\n");

    Run subcommandVersion = launch(home, work, javaHome, "train", "--version");
    assertThat(subcommandVersion.output()).contains("nn4j " + version() + "\n");

    Run train = launch(home, work, javaHome, "train");
    assertThat(train.code()).as(train.output()).isZero();
    assertThat(train.output()).contains("training iris from the built-in iris example")
        .contains("model written to iris.nn4j");
    assertThat(work.resolve("iris.nn4j")).isRegularFile();
    assertThat(work.resolve("iris.png")).isRegularFile();
  }

  @Test
  void aJavaHomeWithoutJavaIsAClearError() throws Exception {
    Path home = unpack();
    Path work = Files.createDirectories(dir.resolve("work"));
    Path noJava = Files.createDirectories(dir.resolve("no-java"));

    Run run = launch(home, work, noJava.toString(), "--version");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.output()).isEqualTo("nn4j: JAVA_HOME is " + noJava + ", but " + noJava
        + "/bin/java is not an executable java\n");
  }

  @Test
  void theZipHoldsTheSameFilesAndTheJarCarriesLicenceAndVersion() throws IOException {
    String base = "nn4j-" + version() + "/";
    try (ZipFile zip = new ZipFile(property("nn4j.distribution") + ".zip")) {
      for (String name : List.of("bin/nn4j", "bin/nn4j.cmd", "lib/nn4j.jar", "plugins/README.txt",
          "LICENSE", "NOTICE", "README.md", "CHANGELOG.md", "THIRD-PARTY.txt")) {
        assertThat(zip.getEntry(base + name)).as(name).isNotNull();
      }
      ZipEntry cmd = zip.getEntry(base + "bin/nn4j.cmd");
      String script = new String(zip.getInputStream(cmd).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(script).contains("\r\n").contains("dev.nn4j.cli.Main %*");
    }
    Path jar = unpackedJar();
    String licence = Files.readString(Path.of(property("nn4j.license")));
    try (JarFile fat = new JarFile(jar.toFile())) {
      Manifest manifest = fat.getManifest();
      assertThat(manifest.getMainAttributes().getValue("Implementation-Version"))
          .isEqualTo(version());
      assertThat(manifest.getMainAttributes().getValue("Automatic-Module-Name"))
          .isEqualTo("dev.nn4j.cli");
      assertThat(manifest.getMainAttributes().getValue("Main-Class"))
          .isEqualTo("dev.nn4j.cli.Main");
      assertThat(read(fat, "META-INF/LICENSE")).as("nn4j's licence, not a dependency's")
          .isEqualTo(licence);
      assertThat(fat.getEntry("META-INF/LICENSE.txt")).isNull();
      String notice = read(fat, "META-INF/NOTICE");
      assertThat(notice.strip()).as("nn4j's NOTICE first, once, then the libraries'")
          .startsWith("nn4j\nCopyright 2026 The nn4j authors\n").contains("Google Guice");
      assertThat(notice.split("Copyright 2026 The nn4j authors", -1)).hasSize(2);
      assertThat(read(fat, "META-INF/THIRD-PARTY.txt")).contains("picocli");
      assertThat(read(fat, "META-INF/services/dev.nn4j.api.spi.ActivationProvider"))
          .contains("dev.nn4j.activations.");
    }
  }

  private Path unpackedJar() throws IOException {
    Path jar = dir.resolve("nn4j.jar");
    try (ZipFile zip = new ZipFile(property("nn4j.distribution") + ".zip");
        InputStream in = zip.getInputStream(zip.getEntry("nn4j-" + version()
            + "/lib/nn4j.jar"))) {
      Files.copy(in, jar);
    }
    return jar;
  }

  private static String read(JarFile jar, String name) throws IOException {
    ZipEntry entry = jar.getEntry(name);
    assertThat(entry).as(name).isNotNull();
    try (InputStream in = jar.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
