package dev.nn4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The nn4j command in a new JVM with the test's class path, its output collected line by line,
 * so that a test can wait for a line (never for a time) and signal the process.
 */
final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;

  private ChildJvm(Process process) {
    this.process = process;
    this.reader = new Thread(this::read, "child-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** The command line that runs {@link Main} in a new JVM with the given JVM options. */
  static List<String> command(List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  /**
   * Starts a command with SIGINT handled by default even when this JVM was started with it
   * ignored (as background jobs are), since an ignored SIGINT is inherited.
   */
  static ChildJvm start(Path dir, List<String> command) throws IOException {
    List<String> full = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/env")) && envResetsSignals()) {
      full.addAll(List.of("/usr/bin/env", "--default-signal=INT"));
    }
    full.addAll(command);
    return new ChildJvm(new ProcessBuilder(full).directory(dir.toFile())
        .redirectErrorStream(true).start());
  }

  private static boolean envResetsSignals() {
    try {
      Process p = new ProcessBuilder("/usr/bin/env", "--default-signal=INT", "true")
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    synchronized (lines) {
      lines.add(null);
      lines.notifyAll();
    }
  }

  /** Waits for a line the predicate accepts; false if the output ends or time runs out. */
  boolean awaitLine(Predicate<String> wanted, long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    synchronized (lines) {
      int seen = 0;
      while (true) {
        for (; seen < lines.size(); seen++) {
          String line = lines.get(seen);
          if (line == null) {
            return false;
          }
          if (wanted.test(line)) {
            return true;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lines, left);
      }
    }
  }

  /** Waits for the process and the end of its output; returns its exit code. */
  int waitFor(long timeoutSeconds) throws InterruptedException {
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new AssertionError("the child JVM did not end in " + timeoutSeconds + " s:\n"
          + output());
    }
    reader.join(TimeUnit.SECONDS.toMillis(timeoutSeconds));
    return process.exitValue();
  }

  /** The process, to find its descendants. */
  ProcessHandle handle() {
    return process.toHandle();
  }

  /** Everything it printed so far. */
  String output() {
    synchronized (lines) {
      return String.join("\n", lines.stream().filter(l -> l != null).toList());
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
