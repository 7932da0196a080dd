package dev.nn4j.cli;

import dev.nn4j.api.Matrix;
import dev.nn4j.core.Evaluation;
import dev.nn4j.core.data.CsvReader;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import java.io.PrintWriter;
import dev.nn4j.api.NnException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.core.JsonGenerator;

/** {@code nn4j predict}: runs a model on a CSV file of features and prints CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Runs a model on INPUT, a CSV file of raw samples (one per line: the feature "
        + "columns in order, or laid out as the training file, whose label column is skipped; "
        + "with --header, columns the model names are found by name), or on the standard input "
        + "when INPUT is '-', and prints CSV: for a classifier the class and one column per "
        + "class output; otherwise the outputs. With --json, one JSON document instead (see "
        + "docs/cli.md)."})
final class PredictCommand implements Callable<Integer> {

  /** The INPUT that names the standard input. */
  static final String STDIN = "-";

  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The model file.")
  Path modelFile;

  @Parameters(index = "1", paramLabel = "INPUT", description = "CSV file of features, or '-' "
      + "for the standard input.")
  String input;

  @Option(names = "--json", description = "Print one JSON document instead of CSV: the model's "
      + "name, its classes and one prediction per sample.")
  boolean json;

  @Option(names = "--header", description = "INPUT's first line is a header to skip.")
  boolean header;

  @Option(names = "--delimiter", paramLabel = "C", description = "INPUT's column separator; "
      + "default ','.")
  char delimiter = ',';

  /** The rows read, predicted and printed at a time: memory stays bounded by a batch. */
  static final int BATCH_ROWS = 1024;

  @Override
  public Integer call() {
    Model model = ModelFile.load(modelFile, main.plugins().registry());
    String source = STDIN.equals(input) ? "the standard input" : input;
    PrintWriter out = spec.commandLine().getOut();
    Printer printer = json ? new JsonPrinter(out, model) : new CsvPrinter(out, model);
    readFeatures(model, features -> {
      features.requireShape("the samples of " + source, features.rows(),
          model.network().inputs());
      printer.print(model.predict(features));
      return !out.checkError(); // Main reports the write error
    });
    printer.finish();
    return 0;
  }

  /** Prints predictions batch by batch; starts with the first batch, so an error prints none. */
  private interface Printer {
    void print(Matrix outputs);

    void finish();
  }

  /** The CSV of predictions: a header line, then one line per sample. */
  private static final class CsvPrinter implements Printer {
    private final PrintWriter out;
    private final List<String> classes;
    private boolean started;

    CsvPrinter(PrintWriter out, Model model) {
      this.out = out;
      this.classes = model.classes();
    }

    @Override
    public void print(Matrix outputs) {
      if (!started) {
        started = true;
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
      }
      StringBuilder line = new StringBuilder();
      for (int r = 0; r < outputs.rows(); r++) {
        line.setLength(0);
        if (!classes.isEmpty()) {
          line.append(Text.escape(classes.get(Evaluation.classOf(outputs, r)))).append(',');
        }
        for (int c = 0; c < outputs.cols(); c++) {
          line.append(c == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f",
              outputs.get(r, c)));
        }
        out.println(line);
      }
    }

    @Override
    public void finish() {
      out.flush();
    }
  }

  /**
   * The JSON document of --json, written as it goes with Jackson's generator (never held whole);
   * docs/cli.md lists its fields.
   */
  private static final class JsonPrinter implements Printer {
    private final PrintWriter out;
    private final Model model;
    private JsonGenerator g;

    JsonPrinter(PrintWriter out, Model model) {
      this.out = out;
      this.model = model;
    }

    @Override
    public void print(Matrix outputs) {
      List<String> classes = model.classes();
      if (g == null) {
        g = OutputOptions.mapper().createGenerator(out);
        g.writeStartObject();
        g.writeStringProperty("model", model.name());
        g.writeName("classes");
        g.writeStartArray();
        for (String c : classes) {
          g.writeString(c);
        }
        g.writeEndArray();
        g.writeName("predictions");
        g.writeStartArray();
      }
      for (int r = 0; r < outputs.rows(); r++) {
        g.writeStartObject();
        if (!classes.isEmpty()) {
          g.writeStringProperty("class", classes.get(Evaluation.classOf(outputs, r)));
        }
        g.writeName(classes.isEmpty() ? "outputs" : "scores");
        g.writeStartArray();
        for (int c = 0; c < outputs.cols(); c++) {
          g.writeNumber(outputs.get(r, c));
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.flush();
    }

    @Override
    public void finish() {
      if (g == null) {
        return;
      }
      g.writeEndArray();
      g.writeEndObject();
      g.close();
      out.println();
      out.flush();
    }
  }

  /**
   * Reads INPUT, or for '-' the standard input (errors name it "stdin"), as a stream in batches
   * of {@link #BATCH_ROWS} rows handed to {@code batch} as they are read.
   */
  private void readFeatures(Model model, Predicate<Matrix> batch) {
    CsvReader reader = model.csv() != null ? model.csv().withInput(header, delimiter)
        : new CsvReader(header, delimiter, -1, List.of(), false);
    if (STDIN.equals(input)) {
      reader.readFeatures(Path.of("stdin"), System.in, BATCH_ROWS, batch);
      return;
    }
    Path file;
    try {
      file = Path.of(input);
    } catch (InvalidPathException e) {
      throw new NnException("INPUT '" + Text.escape(input) + "' is not a file name ("
          + Text.escape(e.getReason()) + "); name a CSV file, or '-' for the standard input");
    }
    reader.readFeatures(file, null, BATCH_ROWS, batch);
  }
}
