package dev.nn4j.cli;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.NnException;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.core.ConfusionMatrix;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.Metrics;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.data.LabelledData;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nn4j evaluate}: measures a model on a labelled CSV file. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Measures a model on a CSV file laid out like the file it was trained on "
        + "(same columns, header and delimiter), scaled as in training: the metrics of its "
        + "config's training.metrics (default: loss and accuracy for a classifier; loss, mae, "
        + "rmse and r2 for a model with numeric outputs, which never reports accuracy), and for "
        + "a classifier the confusion matrix, fitted to the terminal's width (or $COLUMNS)."})
final class EvaluateCommand implements Callable<Integer> {

  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Mixin
  OutputOptions output;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The model file.")
  Path modelFile;

  @Parameters(index = "1", paramLabel = "DATA", description = "The labelled CSV file.")
  Path data;

  @Override
  public Integer call() {
    PluginRegistry registry = main.plugins().registry();
    Model model = ModelFile.load(modelFile, registry);
    if (model.csv() == null) {
      throw new NnException(modelFile + " was not trained from a CSV file, so its layout is "
          + "unknown; evaluate reads CSV files laid out like the training file");
    }
    LabelledData labelled = model.csv().read(data);
    Dataset raw = labelled.dataset();
    boolean classifier = ReportedMetrics.classifier(model, registry);
    Loss loss = registry.newLoss(model.loss());
    Matrix predictions = model.predict(raw.features());
    Map<String, Double> metrics = Metrics.compute(registry,
        ReportedMetrics.of(model, classifier), loss, predictions, raw.targets());
    ConfusionMatrix confusion = classifier ? ConfusionMatrix.of(predictions, raw.targets())
        : null;
    PrintWriter out = spec.commandLine().getOut();
    if (output.json) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("model", model.name());
      result.put("data", data.toString());
      result.put("samples", raw.size());
      result.put("task", classifier ? "classification" : "regression");
      result.put("metrics", metrics);
      result.put("confusionMatrix", confusion == null ? null : confusionJson(confusion,
          model.classes()));
      OutputOptions.print(out, result);
    } else if (!output.quiet) {
      StringBuilder line = new StringBuilder(Text.escape(model.name())).append(" on ")
          .append(Text.escape(data.toString())).append(':');
      String separator = " ";
      for (Map.Entry<String, Double> m : metrics.entrySet()) {
        line.append(String.format(Locale.ROOT, "%s%s %.4f", separator, Text.escape(m.getKey()),
            m.getValue()));
        separator = "  ";
      }
      out.println(line.append(String.format(Locale.ROOT, "  (%d samples)", raw.size())));
      if (confusion != null) {
        out.print(ConfusionTable.format(confusion,
            model.classes().stream().map(Text::escape).toList(),
            ConfusionTable.width(System.getenv(), System.console() != null)));
      }
    }
    return 0;
  }

  /** The JSON form of a confusion matrix: its classes and counts[true][predicted]. */
  static Map<String, Object> confusionJson(ConfusionMatrix confusion, List<String> names) {
    List<String> classes = new ArrayList<>();
    List<int[]> counts = new ArrayList<>();
    for (int i = 0; i < confusion.classes(); i++) {
      classes.add(i < names.size() ? names.get(i) : String.valueOf(i));
      int[] row = new int[confusion.classes()];
      for (int j = 0; j < row.length; j++) {
        row[j] = confusion.count(i, j);
      }
      counts.add(row);
    }
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("classes", classes);
    map.put("counts", counts);
    return map;
  }
}
