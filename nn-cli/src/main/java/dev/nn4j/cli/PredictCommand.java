package dev.nn4j.cli;

import dev.nn4j.api.Matrix;
import dev.nn4j.core.Evaluation;
import dev.nn4j.core.data.CsvReader;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import java.io.PrintWriter;
import dev.nn4j.api.ConfigException;
import dev.nn4j.api.NnException;
import dev.nn4j.core.data.DataLimits;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
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

  @Override
  public Integer call() {
    Model model = ModelFile.load(modelFile, main.plugins().registry());
    Matrix features = readFeatures(model);
    String source = STDIN.equals(input) ? "the standard input" : input;
    features.requireShape("the samples of " + source, features.rows(),
        model.network().inputs());
    Matrix outputs = model.predict(features);
    PrintWriter out = spec.commandLine().getOut();
    List<String> classes = model.classes();
    if (json) {
      writeJson(out, model, outputs);
      return 0;
    }
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

  /**
   * Reads INPUT, or for '-' the standard input, through a private temporary copy (the CSV
   * reader takes files, and a pipe cannot be read as one), deleted when read; errors name it
   * "stdin". The copy stops at 32 bytes per value of the data limits' {@code maxValues}.
   */
  private Matrix readFeatures(Model model) {
    CsvReader reader = model.csv() != null ? model.csv().withInput(header, delimiter)
        : new CsvReader(header, delimiter, -1, List.of(), false);
    if (!STDIN.equals(input)) {
      Path file;
      try {
        file = Path.of(input);
      } catch (InvalidPathException e) {
        throw new NnException("INPUT '" + Text.escape(input) + "' is not a file name ("
            + Text.escape(e.getReason()) + "); name a CSV file, or '-' for the standard input");
      }
      return reader.readFeatures(file);
    }
    long maxValues = DataLimits.fromSystemProperties().maxValues();
    long limit = maxValues * 32;
    Path copy = null;
    try {
      copy = Files.createTempFile("nn4j-stdin", ".csv");
      try (OutputStream to = Files.newOutputStream(copy)) {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int n = System.in.read(buffer); n >= 0; n = System.in.read(buffer)) {
          total += n;
          if (total > limit) {
            throw new NnException("the standard input holds more than " + limit + " bytes (32 "
                + "per value of the limit nn4j.data.maxValues, " + maxValues + "); pass a file, "
                + "or raise it with -Dnn4j.data.maxValues=N (for the nn4j command, in "
                + "NN4J_JAVA_OPTS)");
          }
          to.write(buffer, 0, n);
        }
      }
      return reader.readFeatures(copy);
    } catch (ConfigException e) {
      if (copy == null || e.source().filter(copy.toString()::equals).isEmpty()) {
        throw e;
      }
      throw new ConfigException("stdin", e.line(), e.column(), e.path(), e.problem(), null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the standard input: " + e.getMessage(), e);
    } finally {
      if (copy != null) {
        try {
          Files.deleteIfExists(copy);
        } catch (IOException e) {
          // left in the temporary folder, which the system cleans
        }
      }
    }
  }

  /** The JSON document of --json, written as it goes; docs/cli.md lists its fields. */
  private static void writeJson(PrintWriter out, Model model, Matrix outputs) {
    List<String> classes = model.classes();
    try (JsonGenerator g = OutputOptions.mapper().createGenerator(out)) {
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
        if (r % 1024 == 1023 && out.checkError()) {
          break; // Main reports the write error
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.println();
    out.flush();
  }
}
