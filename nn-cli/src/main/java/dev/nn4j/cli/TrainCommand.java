package dev.nn4j.cli;

import dev.nn4j.api.NnException;
import dev.nn4j.core.DenseLayer;
import dev.nn4j.core.Evaluation;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.data.Splits;
import dev.nn4j.core.ConfusionMatrix;
import dev.nn4j.core.TrainingListener;
import dev.nn4j.core.model.Checkpoint;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import dev.nn4j.core.model.Training;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
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
  Path out;

  @Option(names = "--no-chart", description = "Do not write the PNG chart.")
  boolean noChart;

  @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "Continue the training "
      + "this config describes from a checkpoint it wrote.")
  Path resume;

  @Option(names = "--checkpoint", paramLabel = "FILE", description = "Where checkpoints go "
      + "(every training.checkpoint.every epochs, and on Ctrl-C); default: the config's "
      + "training.checkpoint.file, else NAME.ckpt next to the model.")
  Path checkpoint;

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
    var stdout = spec.commandLine().getOut();
    Plugins plugins = main.plugins();
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
    Path target = out != null ? out : Path.of(model.name() + ".nn4j");
    Path checkpointFile = checkpoint != null ? checkpoint
        : model.training().checkpoint() != null ? model.training().checkpoint().file()
        : target.resolveSibling(stem(target) + ".ckpt");
    Checkpoint from = resume == null ? null : Checkpoint.load(resume, plugins.registry());
    stdout.println("training " + model.name() + " from " + (config != null ? config
        : "the built-in iris example") + (from == null ? ""
        : " (resuming at epoch " + from.state().epoch() + ", step " + from.state().step() + ")"));
    Training training = new Training(model, plugins.registry(), from, checkpointFile);
    List<TrainingListener> listeners = new ArrayList<>();
    listeners.add(new ProgressDisplay(stdout, System.console() != null));
    Path png = chartPath(target);
    if (!noChart) {
      listeners.add(new Chart(model.name(), png));
    }
    Training.Result result = whileCtrlCStops(training, () -> training.run(listeners));
    stdout.println("network: " + describe(result.model()));
    if (result.history().interrupted()) {
      stdout.println("stopped; checkpoint written to " + result.checkpoint()
          + "; continue with --resume " + result.checkpoint());
      return Main.INTERRUPTED;
    }
    Splits splits = result.splits();
    stdout.printf(Locale.ROOT, "samples: %d training, %d validation, %d test%n",
        splits.train().size(), splits.validation() == null ? 0 : splits.validation().size(),
        splits.test() == null ? 0 : splits.test().size());
    if (result.history().stoppedEarly()) {
      stdout.println("stopped early; kept the weights of epoch " + result.history().bestEpoch());
    }
    Evaluation test = result.test();
    if (test != null) {
      StringBuilder line = new StringBuilder("test:");
      result.testMetrics().forEach((k, v) -> line.append(String.format(Locale.ROOT, "  %s %.4f",
          k, v)));
      stdout.println(line);
      if (!result.model().classes().isEmpty() || splits.test().targets().cols() > 1) {
        stdout.print(ConfusionMatrix.of(result.model().network().predict(
            splits.test().features()), splits.test().targets())
            .toTable(result.model().classes()));
      }
    }
    ModelFile.save(result.model(), target);
    stdout.println("model written to " + target);
    if (!noChart) {
      stdout.println("chart written to " + png);
    }
    return 0;
  }

  /** Runs the training with a Ctrl-C handler that stops it and waits for its checkpoint. */
  private static Training.Result whileCtrlCStops(Training training,
      Supplier<Training.Result> run) {
    CountDownLatch done = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      training.requestStop();
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "nn4j-ctrl-c");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return run.get();
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C arrived: the hook is running and waits for nothing more
      }
    }
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
    StringBuilder sb = new StringBuilder().append(result.network().inputs())
        .append(" inputs");
    for (DenseLayer layer : result.network().layers()) {
      sb.append(" -> ").append(layer.units()).append(' ').append(layer.activation().name());
    }
    return sb.append(", ").append(result.network().parameterCount())
        .append(" parameters").toString();
  }
}
