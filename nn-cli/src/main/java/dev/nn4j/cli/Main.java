package dev.nn4j.cli;

import dev.nn4j.api.NnException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code nn4j} command line. Global options apply to every subcommand.
 *
 * <p>Thread-safety: one instance runs one command line.
 */
@Command(name = "nn4j", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Trains neural networks from YAML and uses the models.",
    subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class,
        InspectCommand.class, ExportCommand.class, PluginsCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  /** Exit code for a user's mistake: a bad config, a missing or malformed file. */
  public static final int USER_ERROR = 2;
  /** Exit code when Ctrl-C stopped training and a checkpoint was written. */
  public static final int INTERRUPTED = 130;
  /** Exit code when the results could not be written to the standard output. */
  public static final int OUTPUT_ERROR = 3;
  /** Exit code for an internal error. */
  public static final int INTERNAL_ERROR = 1;

  @Option(names = "--plugin-path", paramLabel = "PATH", split = ":",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Jars, or folders of jars, holding more plugins (separated by ':'); before"
          + " or after the command.")
  List<Path> pluginPath = new ArrayList<>();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "say which command to run: train, evaluate, predict, inspect, export or plugins");
  }

  /** Returns the plugins of the class path plus those on {@code --plugin-path}. */
  Plugins plugins() {
    return Plugins.load(pluginPath);
  }

  /**
   * Runs a command line in-process.
   *
   * @param out where results go
   * @param err where messages go
   * @param args the arguments
   * @return the exit code: 0, {@link #USER_ERROR}, {@link #INTERRUPTED}, {@link #OUTPUT_ERROR}
   *     or {@link #INTERNAL_ERROR}
   */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    // picocli's own handler, but with the arguments' text escaped: an unknown option is the
    // user's text, and may hold a terminal's escape sequences
    cli.setParameterExceptionHandler((e, arguments) -> {
      CommandLine commandLine = e.getCommandLine();
      PrintWriter w = commandLine.getErr();
      w.println(Text.escapeMessage(e.getMessage()));
      if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, w)) {
        commandLine.usage(w);
      }
      return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof NnException || e instanceof UncheckedIOException) {
        commandLine.getErr().println("nn4j " + commandLine.getCommandName() + ": "
            + Text.escapeMessage(e.getMessage()));
        return USER_ERROR;
      }
      commandLine.getErr().println("nn4j: internal error, please report it: "
          + Text.escapeMessage(String.valueOf(e)));
      e.printStackTrace(commandLine.getErr());
      return INTERNAL_ERROR;
    });
    int code;
    try {
      code = cli.execute(args);
    } catch (OutOfMemoryError e) {
      err.println("nn4j: out of memory: the input needs more than this JVM's heap (raise it "
          + "with -Xmx, e.g. NN4J_JAVA_OPTS=-Xmx4g)");
      code = USER_ERROR;
    }
    if (out.checkError()) {
      err.println("nn4j: cannot write the results to the standard output (is the disk full, or "
          + "was the reader closed?)");
      code = code == 0 ? OUTPUT_ERROR : code;
    }
    err.flush();
    return code;
  }

  /**
   * Runs the command line and exits with its code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    // not System.out: a PrintStream swallows write errors, and a full disk must not exit 0
    PrintWriter out = new PrintWriter(new FileOutputStream(FileDescriptor.out), true);
    PrintWriter err = new PrintWriter(System.err, true);
    ExitGuard guard = ExitGuard.install(err, args);
    int code = execute(out, err, args);
    guard.finished();
    System.exit(code);
  }
}
