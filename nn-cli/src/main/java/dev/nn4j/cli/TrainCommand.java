package dev.nn4j.cli;

import dev.nn4j.api.NnException;
import dev.nn4j.core.DenseLayer;
import dev.nn4j.core.Evaluation;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.data.Splits;
import dev.nn4j.core.model.ModelFile;
import dev.nn4j.core.model.Training;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nn4j train}: trains a network from a config, writes the model and its chart. */
@Command(name = "train", mixinStandardHelpOptions = true,
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

  @Override
  public Integer call() {
    var stdout = spec.commandLine().getOut();
    Plugins plugins = main.plugins();
    Path file = config != null ? config : BuiltInExample.iris();
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
    stdout.println("training " + model.name() + " from " + (config != null ? config
        : "the built-in iris example"));
    ProgressDisplay progress = new ProgressDisplay(stdout, System.console() != null);
    Training.Result result = Training.run(model, plugins.registry(), List.of(progress));
    stdout.println("network: " + describe(result));
    Splits splits = result.splits();
    stdout.printf(Locale.ROOT, "samples: %d training, %d validation, %d test%n",
        splits.train().size(), splits.validation() == null ? 0 : splits.validation().size(),
        splits.test() == null ? 0 : splits.test().size());
    Evaluation test = result.test();
    if (test != null) {
      stdout.printf(Locale.ROOT, "test: loss %.4f  accuracy %.4f%n", test.loss(),
          test.accuracy());
    }
    Path target = out != null ? out : Path.of(model.name() + ".nn4j");
    ModelFile.save(result.model(), target);
    stdout.println("model written to " + target);
    if (!noChart) {
      Path png = chartPath(target);
      Chart.write(result.history(), model.name(), png);
      stdout.println("chart written to " + png);
    }
    return 0;
  }

  static Path chartPath(Path model) {
    String name = model.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return model.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".png");
  }

  private static String describe(Training.Result result) {
    StringBuilder sb = new StringBuilder().append(result.model().network().inputs())
        .append(" inputs");
    for (DenseLayer layer : result.model().network().layers()) {
      sb.append(" -> ").append(layer.units()).append(' ').append(layer.activation().name());
    }
    return sb.append(", ").append(result.model().network().parameterCount())
        .append(" parameters").toString();
  }
}
