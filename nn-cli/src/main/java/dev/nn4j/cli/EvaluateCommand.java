package dev.nn4j.cli;

import dev.nn4j.api.NnException;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.Evaluation;
import dev.nn4j.core.data.LabelledData;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nn4j evaluate}: measures a model on a labelled CSV file. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Measures a model's loss and accuracy on a CSV file laid out like the file it "
        + "was trained on (same columns, header and delimiter), scaled as in training.")
final class EvaluateCommand implements Callable<Integer> {

  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The model file.")
  Path modelFile;

  @Parameters(index = "1", paramLabel = "DATA", description = "The labelled CSV file.")
  Path data;

  @Override
  public Integer call() {
    Plugins plugins = main.plugins();
    Model model = ModelFile.load(modelFile, plugins.registry());
    if (model.csv() == null) {
      throw new NnException(modelFile + " was not trained from a CSV file, so its layout is "
          + "unknown; evaluate reads CSV files laid out like the training file");
    }
    LabelledData labelled = model.csv().read(data);
    Dataset raw = labelled.dataset();
    Dataset scaled = new Dataset(model.scaler().apply(raw.features()), raw.targets());
    Evaluation e = Evaluation.of(model.network(), plugins.registry().newLoss(model.loss()),
        scaled);
    spec.commandLine().getOut().printf(Locale.ROOT, "%s on %s: loss %.4f  accuracy %.4f  (%d"
        + " samples)%n", Text.escape(model.name()), data, e.loss(), e.accuracy(), raw.size());
    return 0;
  }
}
