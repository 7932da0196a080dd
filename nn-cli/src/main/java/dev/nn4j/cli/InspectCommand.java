package dev.nn4j.cli;

import dev.nn4j.core.DenseLayer;
import dev.nn4j.core.config.ConfigWriter;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nn4j inspect}: describes a model file. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Describes a model: its layers, shapes, plugins, parameter count, scaling and "
        + "classes; with --weights also its weights as JSON.")
final class InspectCommand implements Callable<Integer> {

  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The model file.")
  Path modelFile;

  @Option(names = "--weights", description = "Also print every weight and bias as JSON.")
  boolean weights;

  @Override
  public Integer call() {
    Model model = ModelFile.load(modelFile, main.plugins().registry());
    PrintWriter out = spec.commandLine().getOut();
    out.println("model:      " + model.name() + " (format version " + ModelFile.VERSION + ")");
    out.println("inputs:     " + model.network().inputs());
    for (int l = 0; l < model.network().layers().size(); l++) {
      DenseLayer layer = model.network().layers().get(l);
      out.printf("layers[%d]:  dense %d -> %d, weights %s, %s, activation %s%n", l,
          layer.inputs(), layer.units(), layer.weights().shape(),
          layer.hasBias() ? "bias " + layer.units() : "no bias",
          ConfigWriter.plugin(layer.activation()));
    }
    out.println("parameters: " + model.network().parameterCount());
    out.println("loss:       " + ConfigWriter.plugin(model.loss()));
    out.println("scaling:    " + model.scaler().kind());
    out.println("classes:    " + (model.classes().isEmpty() ? "(numeric outputs)"
        : String.join(", ", model.classes())));
    if (weights) {
      out.println(ModelFile.weightsJson(model));
    }
    return 0;
  }
}
