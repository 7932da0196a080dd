package dev.nn4j.cli;

import dev.nn4j.api.NnException;
import dev.nn4j.api.Matrix;
import dev.nn4j.core.LayerNode;
import dev.nn4j.core.Metrics;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.CheckpointSpec;
import dev.nn4j.core.config.DataSpec;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.data.Splits;
import dev.nn4j.core.ConfusionMatrix;
import dev.nn4j.core.TrainingListener;
import dev.nn4j.core.model.Checkpoint;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import dev.nn4j.core.model.Training;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nn4j train}: trains a network from a config, writes the model and its chart. */
@Command(name = "train", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Trains the network a YAML or JSON config describes, evaluates it on the "
        + "config's test split, and writes the model file and a loss/accuracy chart (PNG) next "
        + "to it.", "With no CONFIG, trains the built-in iris example."})
final class TrainCommand implements Callable<Integer> {

  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG",
      description = "The config file (.yaml, .yml or .json); default: the built-in iris example.")
  Path config;

  @Option(names = "--epochs", paramLabel = "N", description = "Train N epochs instead of the "
      + "config's.")
  Integer epochs;

  @Option(names = "--seed", paramLabel = "S", description = "Use seed S for shuffling and "
      + "splitting instead of the config's.")
  Long seed;

  @Option(names = "--out", paramLabel = "MODEL", description = "Where to write the model; "
      + "default: NAME.nn4j in the current folder. The chart goes next to it as NAME.png.")
  String out;

  @Option(names = "--no-chart", description = "Do not write the PNG chart.")
  boolean noChart;

  @Mixin
  OutputOptions output;

  @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "Continue the training "
      + "this config describes from a checkpoint it wrote.")
  Path resume;

  @Option(names = "--checkpoint", paramLabel = "FILE", description = "Where checkpoints go "
      + "(every training.checkpoint.every epochs, and on Ctrl-C); default: the config's "
      + "training.checkpoint.file, else NAME.ckpt next to the model.")
  String checkpoint;

  @Override
  public Integer call() {
    if (config != null) {
      return train(config);
    }
    try (BuiltInExample iris = BuiltInExample.iris()) {
      return train(iris.config());
    }
  }

  private int train(Path file) {
    try (Interruption interruption = new Interruption(spec.commandLine().getOut())) {
      return train(file, interruption);
    }
  }

  private int train(Path file, Interruption interruption) {
    Supplier<Integer> width = ConfusionTable.widthSoon(System.getenv(), System.console() != null);
    PrintWriter stdout = output.text() ? spec.commandLine().getOut() : OutputOptions.nowhere();
    PrintWriter err = spec.commandLine().getErr();
    Plugins plugins = main.plugins();
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new NnException(file + ": the config is not a regular file (a folder, a device or a "
          + "pipe); name a .yaml, .yml or .json file");
    }
    ModelSpec model = new ConfigReader(plugins.registry()).read(file);
    if (epochs != null || seed != null) {
      var training = model.training();
      if (epochs != null) {
        if (epochs < 1) {
          throw new NnException("--epochs must be at least 1, was " + epochs);
        }
        training = training.withEpochs(epochs);
      }
      if (seed != null) {
        training = training.withSeed(seed);
      }
      model = new ModelSpec(model.name(), model.network(), model.loss(), model.optimizer(),
          training, model.data(), model.text());
    }
    Path outFile = RunFiles.outputPath("--out", out);
    Path checkpointOption = RunFiles.outputPath("--checkpoint", checkpoint);
    Path target = outFile != null ? outFile : RunFiles.modelFileOf(file, model.name());
    CheckpointSpec configured = model.training().checkpoint();
    Path checkpointFile = checkpointOption != null ? checkpointOption
        : configured != null ? RunFiles.insideConfigFolder(file, "training.checkpoint.file",
            configured.file(), "--checkpoint FILE")
        : target.resolveSibling(stem(target) + ".ckpt");
    Path png = noChart ? null : chartPath(target);
    DataSpec data = model.data();
    if (data == null) {
      throw new NnException(file + " has no data section; nn4j train needs one (an application"
          + " can give its own samples to Training.builder(spec, registry).data(...))");
    }
    plugins.declareJars(new RunFiles())
        .input("the config", file, null)
        .input("the data (data.file)", data.file(), null)
        .input("the labels (data.labels)", data.labels(), null)
        .input("the validation data (data.validationFile)", data.validationFile(), null)
        .input("the test data (data.testFile)", data.testFile(), null)
        .input("the test labels (data.testLabels)", data.testLabels(), null)
        .input("the checkpoint to resume (--resume)", resume, "the checkpoint file")
        .chosenOutput("the model file", outFile == null ? target : null, true, "--out MODEL")
        .output("--out", outFile, true)
        .chosenOutput("the checkpoint file",
            checkpointOption == null && configured == null ? checkpointFile : null, true,
            "--checkpoint FILE")
        .output("the checkpoint file",
            checkpointOption != null || configured != null ? checkpointFile : null, true)
        .chosenOutput("the chart", png, false, "--out MODEL to put it beside another name, or "
            + "--no-chart")
        .check();
    Checkpoint from = resume == null ? null : Checkpoint.load(resume, plugins.registry());
    // build first: it checks the checkpoint against the run (ResumeCheck), so a refused
    // --resume prints nothing but its error
    Training training = Training.builder(model, plugins.registry())
        .resumeFrom(from, resume == null ? null : resume.toString())
        .checkpointFile(checkpointFile).build();
    String name = Text.escape(model.name());
    stdout.println("training " + name + " from " + (config != null ? Text.escape(config.toString())
        : "the built-in iris example") + (from == null ? ""
        : " (resuming at epoch " + from.state().epoch() + ", step " + from.state().step() + ")"));
    List<TrainingListener> listeners = new ArrayList<>();
    listeners.add(interruption.watching(training));
    if (output.text()) {
      listeners.add(new ProgressDisplay(stdout, System.console() != null));
    } else if (!output.quiet) {
      listeners.add(new ProgressDisplay(err, false)); // --json: stdout holds the document only
    }
    Training.Result result = training.run(listeners);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("model", model.name());
    json.put("config", config == null ? null : config.toString());
    json.put("network", ordered("summary", describe(result.model()),
        "parameters", result.model().network().parameterCount()));
    json.put("interrupted", result.history().interrupted());
    json.put("checkpoint", result.checkpoint() == null ? null : result.checkpoint().toString());
    json.put("epochs", result.history().epochs().stream().map(e -> {
      Map<String, Object> epoch = new LinkedHashMap<>();
      epoch.put("epoch", e.epoch());
      epoch.putAll(e.metrics());
      return epoch;
    }).toList());
    stdout.println("network: " + describe(result.model()));
    if (result.history().interrupted()) {
      (output.text() ? stdout : err).println("stopped; checkpoint written to "
          + Text.escape(result.checkpoint().toString()) + "; continue with --resume "
          + Text.escape(result.checkpoint().toString()));
      if (output.json) {
        OutputOptions.print(spec.commandLine().getOut(), json);
      }
      return Main.INTERRUPTED;
    }
    Splits splits = result.rawSplits();
    json.put("samples", ordered("training", splits.train().size(),
        "validation", splits.validation() == null ? 0 : splits.validation().size(),
        "test", splits.test() == null ? 0 : splits.test().size()));
    json.put("stoppedEarly", result.history().stoppedEarly());
    json.put("bestEpoch", result.history().bestEpoch() == 0 ? null
        : result.history().bestEpoch());
    stdout.printf(Locale.ROOT, "samples: %d training, %d validation, %d test%n",
        splits.train().size(), splits.validation() == null ? 0 : splits.validation().size(),
        splits.test() == null ? 0 : splits.test().size());
    if (result.history().stoppedEarly()) {
      stdout.println("stopped early; kept the weights of epoch " + result.history().bestEpoch());
    }
    boolean classifier = model.data().inlineClasses()
        || ReportedMetrics.classifier(result.model(), plugins.registry());
    json.put("task", classifier ? "classification" : "regression");
    Map<String, Double> testMetrics = null;
    ConfusionMatrix confusion = null;
    if (result.test() != null) {
      Matrix predictions = result.model().predict(splits.test().features());
      testMetrics = classifier ? result.testMetrics()
          : Metrics.compute(plugins.registry(), ReportedMetrics.of(
              model.training().metrics(), false), plugins.registry().newLoss(model.loss()),
              predictions, splits.test().targets());
      StringBuilder line = new StringBuilder("test:");
      testMetrics.forEach((k, v) -> line.append(String.format(Locale.ROOT, "  %s %.4f",
          Text.escape(k), v)));
      stdout.println(line);
      if (classifier) {
        confusion = ConfusionMatrix.of(predictions, splits.test().targets());
        stdout.print(ConfusionTable.format(confusion,
            result.model().classes().stream().map(Text::escape).toList(), width.get()));
      }
    }
    json.put("test", testMetrics);
    json.put("confusionMatrix", confusion == null ? null
        : EvaluateCommand.confusionJson(confusion, result.model().classes()));
    ModelFile.save(result.model(), target);
    stdout.println("model written to " + Text.escape(target.toString()));
    json.put("modelFile", target.toString());
    String chart = null;
    if (png != null) {
      try {
        Chart.write(result.history(), name, testMetrics, png);
        stdout.println("chart written to " + Text.escape(png.toString()));
        chart = png.toString();
      } catch (RuntimeException | LinkageError | AssertionError e) {
        err.println("nn4j train: warning: the model is written, but the "
            + "chart is not: " + Text.escapeMessage(e.getMessage()));
      }
    }
    json.put("chart", chart);
    if (output.json) {
      OutputOptions.print(spec.commandLine().getOut(), json);
    }
    return 0;
  }

  /**
   * Ctrl-C and SIGTERM while a run is in progress: asks the training to stop after the batch in
   * progress (it then writes its checkpoint), and holds the JVM's exit until the run has written
   * its files and printed its last line, so that neither the checkpoint nor the message that
   * names it is cut off. A signal that arrives before training starts stops it at its first
   * batch; one that arrives while the model is being saved lets the save finish.
   */
  private static final class Interruption implements AutoCloseable, TrainingListener {

    private final PrintWriter out;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean signalled;
    private volatile Training training;

    Interruption(PrintWriter out) {
      this.out = out;
      this.hook = new Thread(this::onSignal, "nn4j-ctrl-c");
      Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Watches a training: the returned listener stops it if a signal came first. */
    TrainingListener watching(Training run) {
      this.training = run;
      return this;
    }

    private void onSignal() {
      signalled = true;
      Training run = training;
      if (run != null) {
        run.requestStop();
      }
      try {
        finished.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void onTrainingStart(int epochs, int batchesPerEpoch) {
      stopIfSignalled();
    }

    @Override
    public void onEpochStart(int epoch) {
      stopIfSignalled();
    }

    private void stopIfSignalled() {
      Training run = training;
      if (signalled && run != null) {
        run.requestStop();
      }
    }

    @Override
    public void close() {
      out.flush();
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // a signal arrived: the hook is running and now returns, and the JVM exits
      }
    }
  }

  /** A map of keys and values in the order given, for JSON documents. */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  static Path chartPath(Path model) {
    return model.resolveSibling(stem(model) + ".png");
  }

  private static String describe(Model result) {
    StringBuilder sb = new StringBuilder().append(result.network().inputShape())
        .append(" inputs");
    for (LayerNode layer : result.network().layers()) {
      sb.append(" -> ").append(layer.shape()).append(' ').append(layer.spec().activation() != null
          ? layer.spec().activation().name() : layer.type());
    }
    return sb.append(", ").append(result.network().parameterCount())
        .append(" parameters").toString();
  }
}
