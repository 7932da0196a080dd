package dev.nn4j.cli;

import dev.nn4j.api.Matrix;
import dev.nn4j.core.Evaluation;
import dev.nn4j.core.data.CsvReader;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nn4j predict}: runs a model on a CSV file of features and prints CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Runs a model on INPUT, a CSV file of raw samples (one per line: the feature "
        + "columns in order, or laid out as the training file, whose label column is skipped; "
        + "with --header, columns the model names are found by name), and prints CSV: for a "
        + "classifier the class and one column per class output; otherwise the outputs."})
final class PredictCommand implements Callable<Integer> {

  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The model file.")
  Path modelFile;

  @Parameters(index = "1", paramLabel = "INPUT", description = "CSV file of features.")
  Path input;

  @Option(names = "--header", description = "INPUT's first line is a header to skip.")
  boolean header;

  @Option(names = "--delimiter", paramLabel = "C", description = "INPUT's column separator; "
      + "default ','.")
  char delimiter = ',';

  @Override
  public Integer call() {
    Model model = ModelFile.load(modelFile, main.plugins().registry());
    CsvReader layout = model.csv() != null ? model.csv().withInput(header, delimiter)
        : new CsvReader(header, delimiter, -1, List.of(), false);
    Matrix features = layout.readFeatures(input);
    features.requireShape("the samples of " + input, features.rows(), model.network().inputs());
    Matrix outputs = model.predict(features);
    PrintWriter out = spec.commandLine().getOut();
    List<String> classes = model.classes();
    StringBuilder head = new StringBuilder();
    if (!classes.isEmpty()) {
      head.append("class");
      classes.forEach(c -> head.append(",p_").append(Text.escape(c)));
    } else {
      for (int c = 0; c < outputs.cols(); c++) {
        head.append(c == 0 ? "" : ",").append("output_").append(c);
      }
    }
    out.println(head);
    for (int r = 0; r < outputs.rows(); r++) {
      StringBuilder line = new StringBuilder();
      if (!classes.isEmpty()) {
        line.append(Text.escape(classes.get(Evaluation.classOf(outputs, r)))).append(',');
      }
      for (int c = 0; c < outputs.cols(); c++) {
        line.append(c == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f",
            outputs.get(r, c)));
      }
      out.println(line);
      if (r % 1024 == 1023 && out.checkError()) {
        break; // Main reports the write error
      }
    }
    return 0;
  }
}
