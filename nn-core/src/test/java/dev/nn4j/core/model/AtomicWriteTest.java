package dev.nn4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The save mechanics every model file, checkpoint and chart goes through. */
class AtomicWriteTest {

  @TempDir
  Path dir;

  private static void write(Path file, String text) throws IOException {
    AtomicWrite.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  private String[] names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }

  @Test
  void aTargetWithTheLongestNameTheFileSystemAllowsIsWritten() throws IOException {
    Path file = dir.resolve("m".repeat(250) + ".nn4j");
    write(file, "model");
    assertThat(file).hasContent("model");
    assertThat(names()).containsExactly(file.getFileName().toString());
  }

  @Test
  void aReplacedFileKeepsItsModeAndANewOneGetsTheUmasksMode() throws IOException {
    Path file = dir.resolve("model.nn4j");
    Files.writeString(file, "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    write(file, "new");
    assertThat(file).hasContent("new");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r-----");

    Path plain = Files.writeString(dir.resolve("plain"), "x");
    Path fresh = dir.resolve("fresh.nn4j");
    write(fresh, "new");
    assertThat(Files.getPosixFilePermissions(fresh))
        .as("a new file gets what the umask gives any new file, not 0600")
        .isEqualTo(Files.getPosixFilePermissions(plain));
  }

  @Test
  void staleTemporaryFilesOfDeadProcessesAreCleanedByTheNextSave() throws Exception {
    Process done = new ProcessBuilder("true").start();
    assertThat(done.waitFor(30, TimeUnit.SECONDS)).isTrue();
    long dead = done.pid();
    long alive = ProcessHandle.current().parent().orElseThrow().pid();
    Files.writeString(dir.resolve(".nn4j-" + dead + "-1f2e.tmp"), "left by a kill");
    Files.writeString(dir.resolve(".model.nn4j123456789.tmp"), "left by an older version");
    Files.writeString(dir.resolve(".chart98765.png"), "left by an older version");
    Files.writeString(dir.resolve(".nn4j-" + alive + "-abc.tmp"), "a save in progress");
    Files.writeString(dir.resolve(".nn4j-notes.tmp"), "not ours");
    write(dir.resolve("model.nn4j"), "model");
    assertThat(names()).containsExactly(".nn4j-" + alive + "-abc.tmp", ".nn4j-notes.tmp",
        "model.nn4j");
  }

  @Test
  void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path file = dir.resolve("model.nn4j");
    Files.writeString(file, "old");
    assertThatThrownBy(() -> AtomicWrite.write(file, out -> {
      out.write(1);
      throw new IOException("disk full");
    })).hasMessage("disk full");
    assertThat(file).hasContent("old");
    assertThat(names()).containsExactly("model.nn4j");
  }

  @Test
  void aLinkToARegularFileIsFollowedAndKept() throws IOException {
    Path real = Files.writeString(dir.resolve("real.nn4j"), "old");
    Path link = Files.createSymbolicLink(dir.resolve("link.nn4j"), real.getFileName());
    write(link, "new");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(real).hasContent("new");
  }

  @Test
  void foldersDevicesAndOtherLinksAreNeverReplaced() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("model.nn4j"));
    assertThatThrownBy(() -> write(folder, "x")).isInstanceOf(IOException.class)
        .hasMessageContaining("not a regular file (a folder)");
    assertThat(folder).isDirectory();

    Path device = Path.of("/dev/null");
    if (Files.exists(device)) {
      assertThatThrownBy(() -> AtomicWrite.target(device))
          .hasMessageContaining("a device or other special file");
      Path toDevice = Files.createSymbolicLink(dir.resolve("null.nn4j"), device);
      assertThatThrownBy(() -> write(toDevice, "x"))
          .hasMessageContaining("symbolic link to something other than a regular file");
      assertThat(Files.isSymbolicLink(toDevice)).isTrue();
    }
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling.nn4j"), dir.resolve("none"));
    assertThatThrownBy(() -> write(dangling, "x"))
        .hasMessageContaining("symbolic link to something other than a regular file");
    assertThat(dir.resolve("none")).doesNotExist();
  }

  @Test
  void reasonsAreWordsWithoutExceptionClassNames() {
    assertThat(AtomicWrite.reason(new java.nio.file.AccessDeniedException("/x/m.nn4j")))
        .isEqualTo("/x/m.nn4j: permission denied");
    assertThat(AtomicWrite.reason(new java.nio.file.NoSuchFileException("/x")))
        .isEqualTo("/x: no such file or folder");
  }
}
