import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes the class-data-sharing archive that {@code ./nn4j} uses to start faster: runs {@code nn4j
 * train} on the built-in iris example (chart included) once with {@code
 * -XX:ArchiveClassesAtExit}, so that the classes that run loads are stored already parsed and
 * verified.
 *
 * <p>Run by the build (exec-maven-plugin, phase {@code package}, after the shaded jar is made) as
 * a single-file program: {@code java CdsArchive.java JAR ARCHIVE WORK}. It writes only inside
 * WORK and ARCHIVE (with ARCHIVE.size beside it), never fails the build, and leaves no archive
 * rather than a doubtful one: the old archive is deleted first, the new one is made under a
 * temporary name, must then start a JVM with {@code -Xshare:on} (which refuses an unusable
 * archive instead of ignoring it), and only then is renamed into place. ARCHIVE.size holds its
 * length in bytes, so that the launcher can leave out a truncated archive, which the JVM does not
 * reject but crashes on.
 *
 * <p>The archive is made with the {@code java} on the PATH, the one {@code ./nn4j} runs, else
 * this program's own. An archive of another JDK, jar or JVM option set is ignored by the JVM at
 * run time, silently with the launcher's options.
 */
public final class CdsArchive {

  private static final long TIMEOUT_MINUTES = 5;

  private CdsArchive() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 3) {
      System.err.println("usage: java CdsArchive.java JAR ARCHIVE WORK");
      System.exit(2);
    }
    Path jar = Path.of(args[0]).toAbsolutePath();
    Path archive = Path.of(args[1]).toAbsolutePath();
    Path work = Path.of(args[2]).toAbsolutePath();
    Path size = archive.resolveSibling(archive.getFileName() + ".size");
    String problem;
    try {
      Files.deleteIfExists(size);
      Files.deleteIfExists(archive);
      problem = make(jar, archive, size, work);
    } catch (IOException | RuntimeException e) {
      problem = String.valueOf(e);
    }
    if (problem == null) {
      System.out.println("[nn4j] class-data-sharing archive written to " + archive + " ("
          + Files.size(archive) / 1024 + " KiB); ./nn4j uses it");
    } else {
      // not a build failure: ./nn4j runs without an archive, only its start is slower
      System.out.println("[WARNING] [nn4j] no class-data-sharing archive (./nn4j starts slower): "
          + problem + "; the JVM's output is in " + work);
    }
  }

  /** Makes the archive; returns null, or why there is none. */
  private static String make(Path jar, Path archive, Path size, Path work)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      return "no jar " + jar;
    }
    jar = jar.toRealPath(); // the launcher names it by its physical path (pwd -P)
    Path tmp = Files.createDirectories(work.resolve("tmp"));
    Path candidate = work.resolve(archive.getFileName() + ".new");
    Files.deleteIfExists(candidate);
    String java = java();
    List<String> dump = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
        "-XX:ArchiveClassesAtExit=" + candidate, "-Xshare:auto",
        "-Djava.io.tmpdir=" + tmp, "-cp", jar.toString(), "dev.nn4j.cli.Main",
        "train", "--out", work.resolve("iris.nn4j").toString()));
    int code = run(dump, work, work.resolve("dump.log"));
    if (code != 0) {
      return "the training run exited with " + code;
    }
    if (!Files.isRegularFile(candidate) || Files.size(candidate) == 0) {
      return "the JVM wrote no archive (does " + java + " support -XX:ArchiveClassesAtExit?)";
    }
    List<String> check = List.of(java, "--add-modules", "jdk.incubator.vector",
        "-XX:SharedArchiveFile=" + candidate, "-Xshare:on", "-cp", jar.toString(),
        "dev.nn4j.cli.Main", "--version");
    code = run(check, work, work.resolve("check.log"));
    if (code != 0) {
      Files.deleteIfExists(candidate);
      return "a JVM could not start with the archive (exit code " + code + ")";
    }
    long length = Files.size(candidate);
    Files.move(candidate, archive, StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    Path sizeTmp = work.resolve(size.getFileName() + ".new");
    Files.writeString(sizeTmp, length + "\n", StandardCharsets.US_ASCII);
    Files.move(sizeTmp, size, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return null;
  }

  /** Runs a command in {@code dir}, its output to {@code log}; returns its exit code. */
  private static int run(List<String> command, Path dir, Path log)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      return -1;
    }
    return p.exitValue();
  }

  /** The java on the PATH (the one ./nn4j runs), else this JVM's. */
  private static String java() {
    boolean windows = System.getProperty("os.name", "").startsWith("Windows");
    String name = windows ? "java.exe" : "java";
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    return Path.of(System.getProperty("java.home"), "bin", name).toString();
  }
}
