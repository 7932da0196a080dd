package dev.nn4j.cli;

import dev.nn4j.api.NnException;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import dev.nn4j.onnx.OnnxExport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nn4j export}: writes a model in a format other tools run (ONNX). */
@Command(name = "export", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Writes MODEL as an ONNX file (opset " + OnnxExport.OPSET + ") that computes "
        + "what nn4j predict computes: raw features in (the model's scaling is in the graph), "
        + "the outputs out. A layer or activation with no ONNX operator is an error naming it."})
final class ExportCommand implements Callable<Integer> {

  /** The formats --format accepts. */
  static final List<String> FORMATS = List.of("onnx");

  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The model file.")
  Path modelFile;

  @Option(names = "--format", paramLabel = "FORMAT", required = true,
      description = "The format to write: onnx.")
  String format;

  @Option(names = "--out", paramLabel = "FILE", description = "The file to write; default MODEL "
      + "with the format's extension (.onnx), next to it. Never MODEL itself.")
  String out;

  @Override
  public Integer call() {
    if (!FORMATS.contains(format)) {
      throw new NnException("--format " + Text.escape(format) + " is not a format nn4j exports;"
          + " valid: " + String.join(", ", FORMATS));
    }
    Path outFile = RunFiles.outputPath("--out", out);
    Path target = outFile != null ? outFile : withExtension(modelFile, "." + format);
    Plugins plugins = main.plugins();
    plugins.declareJars(new RunFiles()).input("MODEL", modelFile, null)
        .output("--out", target, true).check();
    PluginRegistry registry = plugins.registry();
    Model model = ModelFile.load(modelFile, registry);
    OnnxExport.write(model, registry, target);
    spec.commandLine().getOut().println("ONNX model (opset " + OnnxExport.OPSET + ", input "
        + "'input' [N, " + model.network().inputs() + "], output 'output' [N, "
        + model.network().outputs() + "]) written to " + Text.escape(target.toString()));
    return 0;
  }

  /** The file next to {@code file} with its extension (if any) replaced. */
  static Path withExtension(Path file, String extension) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    return file.resolveSibling(stem + extension);
  }
}
