package dev.nn4j.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Keeps a plugin from ending the command as a success: a shutdown hook that, if the JVM is
 * ending before the command finished because some code called {@code System.exit} (not a
 * signal, which the training's own hook handles), names the class that called it and the jar
 * that holds it, and halts with {@link Main#USER_ERROR} whatever status that code asked for.
 *
 * <p>Thread-safety: {@link #finished()} may be called from any thread; the hook runs once.
 */
final class ExitGuard {

  private final PrintWriter err;
  private final List<String> args;
  private final Thread hook;
  private volatile boolean finished;

  private ExitGuard(PrintWriter err, List<String> args) {
    this.err = err;
    this.args = List.copyOf(args);
    this.hook = new Thread(this::onExit, "nn4j-exit-guard");
  }

  /**
   * Installs the guard for one run of the command.
   *
   * @param err where its message goes
   * @param args the command line, whose {@code --plugin-path} jars are searched for the class
   * @return the guard; call {@link #finished()} before the command's own exit
   */
  static ExitGuard install(PrintWriter err, String... args) {
    ExitGuard guard = new ExitGuard(err, List.of(args));
    Runtime.getRuntime().addShutdownHook(guard.hook);
    return guard;
  }

  /** Says the command has finished, so its own exit is not reported. */
  void finished() {
    finished = true;
  }

  private void onExit() {
    if (finished) {
      return;
    }
    String caller = exitCaller();
    if (caller == null) {
      return; // a signal: the JVM ends as signals end it
    }
    String where;
    try {
      where = locate(caller);
    } catch (RuntimeException e) {
      where = ""; // a malformed path on the command line: name the class alone
    }
    err.println("nn4j: " + Text.escape(caller) + Text.escape(where) + " ended the JVM with "
        + "System.exit before the command finished; the command did not succeed. Remove that "
        + "plugin, or have it report errors by throwing an exception");
    err.flush();
    Runtime.getRuntime().halt(Main.USER_ERROR);
  }

  /**
   * The class whose code called {@code System.exit} or {@code Runtime.exit}, from the stack of
   * the thread that is waiting in it; null if no such thread, or the JVM (a signal) called it.
   */
  private static String exitCaller() {
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      StackTraceElement[] stack = e.getValue();
      for (int i = 0; i < stack.length; i++) {
        if (!stack[i].getClassName().equals("java.lang.Runtime")
            || !stack[i].getMethodName().equals("exit")) {
          continue;
        }
        for (int j = i + 1; j < stack.length; j++) {
          String type = stack[j].getClassName();
          if (type.equals("java.lang.System") || type.equals("java.lang.Runtime")) {
            continue;
          }
          return type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")
              || type.equals(Main.class.getName()) ? null : type;
        }
      }
    }
    return null;
  }

  /** Which jar of {@code --plugin-path} or the class path holds the class, as " (in JAR)". */
  private String locate(String className) {
    String file = className.replace('.', '/') + ".class";
    for (Path place : places()) {
      if (Files.isDirectory(place) && Files.isRegularFile(place.resolve(file))) {
        return " (in " + place + ")";
      }
      if (Files.isRegularFile(place)) {
        try (ZipFile zip = new ZipFile(place.toFile())) {
          if (zip.getEntry(file) != null) {
            return " (in " + place + ")";
          }
        } catch (IOException notAJar) {
          // not a jar; look further
        }
      }
    }
    return "";
  }

  /** The jars and folders of {@code --plugin-path}, then the class path's. */
  private List<Path> places() {
    List<Path> places = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String value = a.startsWith("--plugin-path=") ? a.substring("--plugin-path=".length())
          : a.equals("--plugin-path") && i + 1 < args.size() ? args.get(i + 1) : null;
      if (value != null) {
        for (String p : value.split(":")) {
          Path path = Path.of(p);
          places.add(path);
          if (Files.isDirectory(path)) {
            try (Stream<Path> jars = Files.list(path)) {
              jars.filter(j -> j.toString().endsWith(".jar")).sorted().forEach(places::add);
            } catch (IOException e) {
              // an unreadable folder holds nothing to name
            }
          }
        }
      }
    }
    for (String p : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (!p.isEmpty()) {
        places.add(Path.of(p));
      }
    }
    return places;
  }
}
