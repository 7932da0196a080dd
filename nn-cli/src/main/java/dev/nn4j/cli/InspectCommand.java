package dev.nn4j.cli;

import dev.nn4j.api.Shape;
import dev.nn4j.core.LayerNode;
import dev.nn4j.core.layer.DenseLayer;
import dev.nn4j.core.config.ConfigWriter;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** {@code nn4j inspect}: describes a model file. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Describes a model: its layers, shapes, plugins, parameter count, scaling and "
        + "classes; with --weights also its weights as JSON; with --json all of it as one JSON "
        + "document.")
final class InspectCommand implements Callable<Integer> {

  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The model file.")
  Path modelFile;

  @Option(names = "--weights", description = "Also print every weight and bias as JSON.")
  boolean weights;

  @Mixin
  OutputOptions output;

  @Override
  public Integer call() {
    Model model = ModelFile.load(modelFile, main.plugins().registry());
    PrintWriter out = spec.commandLine().getOut();
    if (output.json) {
      OutputOptions.print(out, json(model));
      return 0;
    }
    if (output.quiet) {
      return 0;
    }
    out.println("model:      " + Text.escape(model.name()) + " (format version " + ModelFile.VERSION + ")");
    Shape input = model.network().inputShape();
    out.println("inputs:     " + (input.isImage() ? input + " (" + input.size() + " values)"
        : input.toString()));
    for (LayerNode node : model.network().layers()) {
      if (node.layer() instanceof DenseLayer layer) {
        out.printf("%s:  dense %d -> %d, weights %d×%d, %s, activation %s%n",
            Text.escape(node.name()),
            layer.inputs(), layer.units(), layer.units(), layer.inputs(),
            layer.hasBias() ? "bias " + layer.units() : "no bias",
            Text.escape(ConfigWriter.plugin(node.spec().activation())));
      } else {
        out.printf("%s:  %s %s -> %s, %s%n", Text.escape(node.name()),
            Text.escape(ConfigWriter.plugin(node.spec().type())),
            node.inputShapes(), node.shape(), node.parameters().isEmpty() ? "no parameters"
                : node.parameters().stream().map(p -> Text.escape(p.name()) + " " + p.size())
                    .collect(java.util.stream.Collectors.joining(", ")));
      }
    }
    out.println("parameters: " + model.network().parameterCount());
    out.println("loss:       " + Text.escape(ConfigWriter.plugin(model.loss())));
    out.println("scaling:    " + Text.escape(model.scaler().kind()));
    out.println("classes:    " + (model.classes().isEmpty() ? "(none named)"
        : String.join(", ", model.classes().stream().map(Text::escape).toList())));
    if (model.csv() != null && model.csv().columns().named()) {
      var columns = model.csv().columns();
      out.println("columns:    " + Text.escape(String.join(", ", columns.features()))
          + (columns.label() == null ? "" : "; label " + Text.escape(columns.label()))
          + "; missing values: " + Text.escape(columns.missing()));
      for (var c : columns.categorical()) {
        out.println("categorical: " + Text.escape(c.column()) + " (" + c.encoding() + ", "
            + c.categories().size() + "): " + Text.escape(String.join(", ", c.categories())));
      }
    }
    if (!model.provenance().isEmpty()) {
      var p = model.provenance();
      out.println("trained:    " + Text.escape(p.get("time") + " with nn4j " + p.get("nn4j")
          + " on the " + p.get("backend") + " backend, " + p.get("jvm") + ", " + p.get("os")
          + " " + p.get("arch") + (p.containsKey("data") ? ", data " + p.get("data") : "")));
      if (p.get("plugins") instanceof java.util.List<?> plugins) {
        out.println("plugins:    " + plugins.stream().map(o -> o instanceof java.util.Map<?, ?> m
            ? Text.escape(m.get("name") + " (" + m.get("kind") + ", " + m.get("jar") + ")")
            : Text.escape(String.valueOf(o))).collect(java.util.stream.Collectors.joining(", ")));
      }
    }
    if (weights) {
      out.println(ModelFile.weightsJson(model));
    }
    return 0;
  }

  /** The JSON document of {@code --json}; docs/cli.md lists its fields. */
  private Map<String, Object> json(Model model) {
    JsonMapper mapper = OutputOptions.mapper();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("model", model.name());
    result.put("formatVersion", ModelFile.VERSION);
    result.put("inputs", model.network().inputs());
    result.put("inputShape", model.network().inputShape().toString());
    List<Object> layers = new ArrayList<>();
    for (LayerNode node : model.network().layers()) {
      Map<String, Object> layer = new LinkedHashMap<>();
      layer.put("name", node.name());
      layer.put("type", node.type());
      layer.put("inputShapes", node.inputShapes().stream().map(Object::toString).toList());
      layer.put("shape", node.shape().toString());
      layer.put("activation", node.spec().activation() == null ? null
          : mapper.readTree(ConfigWriter.plugin(node.spec().activation())));
      Map<String, Integer> parameters = new LinkedHashMap<>();
      node.parameters().forEach(p -> parameters.put(p.name(), p.size()));
      layer.put("parameters", parameters);
      layers.add(layer);
    }
    result.put("layers", layers);
    result.put("parameters", model.network().parameterCount());
    result.put("loss", mapper.readTree(ConfigWriter.plugin(model.loss())));
    result.put("scaling", model.scaler().kind());
    result.put("classes", model.classes());
    Map<String, Object> columns = null;
    if (model.csv() != null && model.csv().columns().named()) {
      var named = model.csv().columns();
      columns = new LinkedHashMap<>();
      columns.put("features", named.features());
      columns.put("label", named.label());
      columns.put("missing", named.missing());
      List<Object> categorical = new ArrayList<>();
      for (var c : named.categorical()) {
        categorical.add(c.fields());
      }
      columns.put("categorical", categorical);
    }
    result.put("columns", columns);
    result.put("provenance", model.provenance());
    if (weights) {
      result.put("weights", mapper.readTree(ModelFile.weightsJson(model)));
    }
    return result;
  }
}
