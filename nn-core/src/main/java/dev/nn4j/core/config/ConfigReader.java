package dev.nn4j.core.config;

import dev.nn4j.api.ConfigException;
import dev.nn4j.api.Describe;
import dev.nn4j.api.Matrix;
import dev.nn4j.api.NnException;
import dev.nn4j.api.PluginKind;
import dev.nn4j.api.Shape;
import dev.nn4j.api.spi.PluginProvider;
import dev.nn4j.core.EarlyStopping;
import dev.nn4j.core.GradientClipping;
import dev.nn4j.core.Metrics;
import dev.nn4j.core.PluginParameters;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.Regularization;
import dev.nn4j.core.TrainingOptions;
import dev.nn4j.core.layer.BuiltInLayers;
import dev.nn4j.core.internal.Suggestions;
import dev.nn4j.core.internal.Utf8Check;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a YAML or JSON configuration document into a {@link ModelSpec}. The document's top-level
 * keys are {@code name}, {@code network}, {@code loss}, {@code optimizer}, {@code training} and
 * {@code data}; the README's "Configuration" section describes each.
 *
 * <p>A plugin is written as a bare name ({@code activation: relu}) or as a map with {@code type}
 * and the provider's parameters ({@code optimizer: {type: sgd, learningRate: 0.1}}). Parameters
 * bind to the provider's {@link PluginProvider#parametersType() parameters record}, one component
 * at a time, so a mistake points at its own key; missing ones take the provider's defaults.
 *
 * <p>Every mistake is a {@link ConfigException} with the file, line, column and key path, and
 * says what would have been valid. Shapes are checked here, before anything is trained.
 *
 * <p>Thread-safety: immutable; one reader may read documents from several threads.
 */
public final class ConfigReader {

  private final PluginRegistry registry;
  private final ConfigLimits limits;

  /**
   * Creates a reader that resolves plugin names through a registry, within the limits the
   * {@code nn4j.config.*} system properties set (or the defaults).
   *
   * @param registry the installed plugins
   */
  public ConfigReader(PluginRegistry registry) {
    this(registry, ConfigLimits.fromSystemProperties());
  }

  /**
   * Creates a reader with explicit limits.
   *
   * @param registry the installed plugins
   * @param limits what a document may hold
   */
  public ConfigReader(PluginRegistry registry, ConfigLimits limits) {
    this.registry = registry;
    this.limits = limits;
  }

  /**
   * Reads a configuration file; relative data paths resolve against its folder.
   *
   * @param file a {@code .yaml}, {@code .yml} or {@code .json} file
   * @return the specification
   * @throws ConfigException if the file cannot be read or holds a mistake
   */
  public ModelSpec read(Path file) {
    String text;
    try {
      long size = Files.size(file);
      if (size > limits.maxDocumentChars() * 4) {
        throw new ConfigException(file.toString(), 0, 0, "", "the file has " + size
            + " bytes, more than the document limit allows (nn4j.config.maxDocumentChars = "
            + limits.maxDocumentChars() + ")", null);
      }
      byte[] bytes = Files.readAllBytes(file);
      Utf8Check.Malformed malformed = Utf8Check.find(bytes);
      if (malformed != null) {
        throw new ConfigException(file.toString(), 0, 0, "", malformed.describe(), null);
      }
      text = new String(bytes, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), 0, 0, "", "no such file", e);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), 0, 0, "", "cannot read the file: " + e, e);
    }
    Path folder = file.toAbsolutePath().getParent();
    return read(text, file.toString(), folder);
  }

  /**
   * Reads a configuration document held in memory.
   *
   * @param text the document
   * @param source its name for messages ({@code .json} names are read as JSON)
   * @param folder the folder relative data paths resolve against
   * @return the specification
   * @throws ConfigException for any mistake
   */
  public ModelSpec read(String text, String source, Path folder) {
    return document(text, source, folder, true, false);
  }

  /**
   * Reads a configuration document whose samples come from elsewhere (a Spark DataFrame, say):
   * everything but the data section, which must be absent.
   *
   * @param text the document
   * @param source its name for messages ({@code .json} names are read as JSON)
   * @return the specification, with a null {@link ModelSpec#data()}
   * @throws ConfigException for any mistake, or if the document has a data section
   */
  public ModelSpec readWithoutData(String text, String source) {
    return document(text, source, null, false, false);
  }

  /**
   * Reads a configuration as a model file or checkpoint stores it, to compare it with another:
   * everything but its data section, which is skipped unread (its files may have moved since).
   *
   * @param text the document
   * @param source its name for messages
   * @return the specification, with a null {@link ModelSpec#data()}
   * @throws ConfigException for any mistake outside the data section
   */
  public ModelSpec readSaved(String text, String source) {
    return document(text, source, null, true, true);
  }

  /**
   * Reads a whole document; its data section is optional (the samples may be given in code), or
   * refused without {@code withData}, or skipped unread with {@code skipData}.
   */
  private ModelSpec document(String text, String source, Path folder, boolean withData,
      boolean skipData) {
    Node root = DocumentParser.parse(text, source, limits).require(Node.Kind.MAP);
    Fields doc = new Fields(root, "name", "network", "loss", "optimizer", "training", "data");
    if (!withData && doc.get("data") != null) {
      throw doc.get("data").error("the samples come from the caller here, not from a data"
          + " section; remove it");
    }
    NetworkSpec network = network(doc.required("network"));
    PluginSpec loss = plugin(PluginKind.LOSS, doc.get("loss"), "squared_error");
    PluginSpec optimizer = plugin(PluginKind.OPTIMIZER, doc.get("optimizer"), "sgd");
    TrainingSpec training = training(doc.get("training"), folder);
    Node dataNode = doc.get("data");
    dev.nn4j.api.spi.Loss lossFunction = registry.newLoss(loss);
    DataSpec data = dataNode == null || skipData ? null : data(dataNode, folder, network,
        lossFunction, doc.required("network").fields().get("inputs"));
    if (data != null) {
      training = numericOutputs(training, doc.get("training"), data, lossFunction, network);
    }
    String name = doc.string("name", defaultName(source));
    return new ModelSpec(name, network, loss, optimizer, training, data, text);
  }

  /**
   * Reads a document whose root is a {@code network} section, as model files store it.
   *
   * @param text the document
   * @param source its name for messages
   * @return the network specification
   * @throws ConfigException for any mistake
   */
  public NetworkSpec readNetwork(String text, String source) {
    return network(DocumentParser.parse(text, source, limits));
  }

  /**
   * Reads a document that is one plugin: a bare name or a map with {@code type} and parameters.
   *
   * @param kind the plugin's kind
   * @param text the document
   * @param source its name for messages
   * @return the plugin with its parameters
   * @throws ConfigException for any mistake
   */
  public PluginSpec readPlugin(PluginKind kind, String text, String source) {
    return plugin(kind, DocumentParser.parse(text, source, limits), null);
  }

  private static String defaultName(String source) {
    String file = Path.of(source).getFileName().toString();
    int dot = file.indexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }

  /** Keys every layer may have, whatever its type. */
  private static final List<String> LAYER_KEYS = List.of("type", "name", "inputs", "initializer",
      "l1", "l2");
  /** The keys a dense layer adds, the sequential form's {@code - units: n}. */
  private static final List<String> DENSE_KEYS = List.of("units", "activation", "bias", "weights",
      "biases", "dropout");

  private NetworkSpec network(Node node) {
    Fields f = new Fields(node, "inputs", "seed", "initializer", "layers");
    Shape input = inputShape(f.required("inputs"));
    long seed = f.longValue("seed", 42L);
    PluginSpec initializer = f.get("initializer") == null ? null
        : plugin(PluginKind.INITIALIZER, f.get("initializer"), null);
    Node list = f.required("layers").require(Node.Kind.LIST);
    if (list.items().isEmpty()) {
      throw list.error("a network needs at least one layer");
    }
    if (list.items().size() > limits.maxLayers()) {
      throw list.error(list.items().size() + " layers are more than the limit of "
          + limits.maxLayers() + " (nn4j.config.maxLayers)");
    }
    long parameters = 0;
    List<LayerSpec> layers = new ArrayList<>();
    int in = input.size(); // while the layers are a chain of dense layers; -1 after
    for (Node item : list.items()) {
      LayerSpec layer = layer(item, in);
      if (layer.isDense() && in > 0) {
        int units = ((BuiltInLayers.Dense.Parameters) layer.type().parameters()).units();
        parameters += (long) units * (in + 1);
        if (parameters * 16 > limits.maxParameterBytes()) {
          throw item.error("the network would need " + parameters * 16 + "+ bytes for its "
              + "parameters while training (values, gradients, optimizer state), more than the "
              + "budget of " + limits.maxParameterBytes() + " (nn4j.config.maxParameterBytes)");
        }
        in = layer.inputs().isEmpty() ? units : -1;
      } else {
        in = -1;
      }
      layers.add(layer);
    }
    Node last = list.items().get(list.items().size() - 1);
    Node units = layers.get(layers.size() - 1).isDense() ? last.fields().get("units") : null;
    Node at = units != null ? units : last;
    return new NetworkSpec(input, seed, initializer, layers,
        new Location(at.source(), at.line(), at.column(), at.path()));
  }

  /** {@code inputs: 4} for vectors, {@code inputs: [1, 28, 28]} for images. */
  private Shape inputShape(Node node) {
    if (node.kind() == Node.Kind.LIST) {
      List<Node> dims = node.items();
      if (dims.size() != 3) {
        throw node.error("an image input is [channels, height, width]; a vector input is one"
            + " number, but this list has " + dims.size() + " values");
      }
      int[] d = new int[3];
      for (int i = 0; i < 3; i++) {
        d[i] = Fields.integer(dims.get(i), 1);
      }
      if ((long) d[0] * d[1] * d[2] > limits.maxUnits()) {
        throw node.error("an input of " + (long) d[0] * d[1] * d[2] + " values is more than the"
            + " limit of " + limits.maxUnits() + " (nn4j.config.maxUnits)");
      }
      return Shape.image(d[0], d[1], d[2]);
    }
    int inputs = Fields.integer(node, 1);
    if (inputs > limits.maxUnits()) {
      throw node.error(inputs + " inputs are more than the limit of " + limits.maxUnits()
          + " (nn4j.config.maxUnits)");
    }
    return Shape.vector(inputs);
  }

  /**
   * One entry of {@code layers}: a dense layer ({@code - units: 16, activation: relu}, or {@code
   * type: dense}), an activation layer, or a layer plugin whose other keys are its parameters.
   *
   * @param inputs the inputs of a dense layer in a chain of dense layers, for early shape checks;
   *     -1 when not known before the network is built
   */
  private LayerSpec layer(Node node, int inputs) {
    node.require(Node.Kind.MAP);
    Node typeNode = node.fields().get("type");
    String type = typeNode == null ? "dense" : text(typeNode);
    Location location = new Location(node.source(), node.line(), node.column(), node.path());
    List<String> allowed = new ArrayList<>(LAYER_KEYS);
    PluginProvider<?, ?> provider = null;
    if (type.equals("dense")) {
      allowed.addAll(DENSE_KEYS);
    } else if (type.equals("activation")) {
      allowed.add("activation");
    } else {
      try {
        provider = registry.provider(PluginKind.LAYER, type);
      } catch (NnException e) {
        throw new ConfigException(typeNode.source(), typeNode.line(), typeNode.column(),
            typeNode.path(), e.getMessage(), e);
      }
      Arrays.stream(provider.parametersType().getRecordComponents())
          .map(RecordComponent::getName).forEach(allowed::add);
    }
    Fields f = new Fields(node, allowed.toArray(String[]::new));
    String name = f.get("name") == null ? null : text(f.get("name"));
    List<String> from = new ArrayList<>();
    Node in = f.get("inputs");
    if (in != null) {
      for (Node item : in.require(Node.Kind.LIST).items()) {
        from.add(text(item));
      }
      if (from.isEmpty()) {
        throw in.error("inputs lists the layers this one takes; leave it out to take the"
            + " previous layer");
      }
    }
    PluginSpec initializer = f.get("initializer") == null ? null
        : plugin(PluginKind.INITIALIZER, f.get("initializer"), null);
    double l1 = f.nonNegative("l1");
    double l2 = f.nonNegative("l2");
    if (type.equals("activation")) {
      return new LayerSpec(name, registry.resolve(PluginKind.LAYER, PluginSpec.of(type)), from,
          plugin(PluginKind.ACTIVATION, f.get("activation"), "identity"), initializer,
          new Regularization(l1, l2, 0), Map.of(), location);
    }
    if (provider != null) {
      Map<String, Node> parameters = new LinkedHashMap<>(node.fields());
      parameters.keySet().removeAll(LAYER_KEYS);
      parameters.put("type", typeNode);
      return new LayerSpec(name, PluginSpec.of(type, parameters(provider, node, parameters)),
          from, null, initializer, new Regularization(l1, l2, 0), Map.of(), location);
    }
    int units = f.integer("units", null, 1);
    if (units > limits.maxUnits()) {
      throw f.get("units").error(units + " units are more than the limit of "
          + limits.maxUnits() + " (nn4j.config.maxUnits)");
    }
    Regularization regularization = new Regularization(l1, l2, f.fraction("dropout"));
    PluginSpec activation = plugin(PluginKind.ACTIVATION, f.get("activation"), "identity");
    boolean bias = f.bool("bias", true);
    Map<String, float[]> values = new LinkedHashMap<>();
    Node w = f.get("weights");
    if (w != null) {
      Matrix weights = matrix(w);
      int expected = from.isEmpty() ? inputs : -1;
      if (weights.rows() != units || (expected > 0 && weights.cols() != expected)) {
        throw w.error("weights must be " + units + "×" + (expected > 0 ? expected : "inputs")
            + " (units × inputs of the layer) but are " + weights.shape());
      }
      values.put("weights", weights.data());
    }
    Node b = f.get("biases");
    if (b != null) {
      if (!bias) {
        throw b.error("biases are given but the layer has bias: false");
      }
      float[] biases = vector(b);
      if (biases.length != units) {
        throw b.error("biases must have " + units + " values (one per unit) but have "
            + biases.length);
      }
      values.put("biases", biases);
    }
    return new LayerSpec(name, PluginSpec.of("dense", new BuiltInLayers.Dense.Parameters(units,
        bias)), from, activation, initializer, regularization, values, location);
  }

  private TrainingSpec training(Node node, Path folder) {
    Fields f = new Fields(node, "epochs", "batchSize", "shuffle", "seed", "validationSplit",
        "testSplit", "schedule", "clipNorm", "clipValue", "metrics", "earlyStopping", "checkpoint",
        "distributed");
    int epochs = f.integer("epochs", 10, 1);
    int batchSize = f.integer("batchSize", 32, 0);
    boolean shuffle = f.bool("shuffle", true);
    long seed = f.longValue("seed", 42L);
    double validation = f.fraction("validationSplit");
    double test = f.fraction("testSplit");
    if (validation + test >= 1) {
      throw node.error("validationSplit + testSplit must leave samples to"
          + " train on, but they add up to " + (validation + test));
    }
    PluginSpec schedule = plugin(PluginKind.SCHEDULE, f.get("schedule"), "constant");
    GradientClipping clipping = new GradientClipping(f.nonNegative("clipNorm"),
        f.nonNegative("clipValue"));
    List<String> metrics = new ArrayList<>(Metrics.DEFAULT);
    Node m = f.get("metrics");
    if (m != null) {
      metrics.clear();
      for (Node item : m.require(Node.Kind.LIST).items()) {
        String name = text(item);
        try {
          registry.provider(PluginKind.METRIC, name);
        } catch (NnException e) {
          throw item.error(e.getMessage());
        }
        metrics.add(name);
      }
    }
    EarlyStopping stopping = null;
    Node es = f.get("earlyStopping");
    if (es != null) {
      Fields e = new Fields(es, "monitor", "patience", "minDelta");
      String monitor = e.string("monitor", "val_loss");
      if (monitor.isBlank()) {
        throw e.get("monitor").error("earlyStopping.monitor is empty; name the metric to watch, "
            + "such as val_loss or val_accuracy");
      }
      stopping = EarlyStopping.on(monitor, e.integer("patience", 5, 1),
          e.nonNegative("minDelta"));
    }
    CheckpointSpec checkpoint = null;
    Node cp = f.get("checkpoint");
    if (cp != null) {
      Fields c = new Fields(cp, "file", "every");
      Path file = Path.of(text(c.required("file")));
      checkpoint = new CheckpointSpec(folder == null ? file : folder.resolve(file),
          c.integer("every", 1, 1));
    }
    DistributedSpec distributed = null;
    Node dn = f.get("distributed");
    if (dn != null) {
      Fields d = new Fields(dn, "algorithm", "partitions", "localSteps", "warmupSteps");
      String algorithm = d.choice("algorithm", DistributedSpec.ALGORITHMS, "sync");
      if (algorithm.equals("sync")) {
        for (String key : List.of("localSteps", "warmupSteps")) {
          Node given = d.get(key);
          if (given != null) {
            throw given.error("'" + key + "' applies to algorithm: average (parameter"
                + " averaging), not sync");
          }
        }
      }
      distributed = new DistributedSpec(algorithm, d.integer("partitions", 0, 0),
          d.integer("localSteps", 1, 1), d.integer("warmupSteps", 0, 0));
    }
    return new TrainingSpec(new TrainingOptions(epochs, batchSize, shuffle, seed, clipping,
        stopping, metrics), validation, test, schedule, checkpoint, distributed);
  }

  /**
   * For a model whose outputs are numbers ({@link Metrics#classifier}: no class names from the
   * data, no class-index loss), the metrics {@link Metrics#reported} gives, so the epoch lines, the
   * chart and early stopping never use accuracy; a classification metric or monitor named
   * explicitly is a mistake at its own line. Inline targets that are classes ({@link
   * DataSpec#inlineClasses}: 0/1 or one-hot) count as named; a network whose last layer is not
   * dense (its outputs are known only once it is built) keeps its metrics.
   */
  private static TrainingSpec numericOutputs(TrainingSpec training, Node node, DataSpec data,
      dev.nn4j.api.spi.Loss loss, NetworkSpec network) {
    LayerSpec last = network.layers().get(network.layers().size() - 1);
    if (!last.isDense()) {
      return training;
    }
    int outputs = ((BuiltInLayers.Dense.Parameters) last.type().parameters()).units();
    boolean inline = data.format().equals("inline");
    boolean named = !data.classes().isEmpty() || data.encoding().equals("one_hot")
        || data.inlineClasses();
    if (Metrics.classifier(named, loss, outputs)) {
      return training;
    }
    String why = " measures classes, but this model's outputs are numbers ("
        + (inline ? "data.targets are not classes: one column holding both 0s and 1s, or "
            + "one-hot rows" : "data.encoding: numeric")
        + "); use loss, mae, rmse or r2";
    Node metrics = node == null ? null : node.fields().get("metrics");
    if (metrics != null) {
      for (Node item : metrics.items()) {
        if (Metrics.CLASSIFICATION.contains(item.value())) {
          throw item.error("'" + item.value() + "'" + why);
        }
      }
    }
    EarlyStopping stopping = training.options().earlyStopping();
    if (stopping != null) {
      String monitor = stopping.monitor();
      String metric = monitor.startsWith("val_") ? monitor.substring(4) : monitor;
      if (Metrics.CLASSIFICATION.contains(metric)) {
        throw node.fields().get("earlyStopping").fields().get("monitor").error("'" + monitor
            + "'" + why + " (val_loss, val_mae, val_rmse or val_r2)");
      }
    }
    List<String> names = Metrics.reported(metrics == null ? null : training.metrics(), false);
    return new TrainingSpec(training.options().withMetrics(names), training.validationSplit(),
        training.testSplit(), training.schedule(), training.checkpoint(), training.distributed());
  }

  private DataSpec data(Node node, Path folder, NetworkSpec network,
      dev.nn4j.api.spi.Loss loss, Node networkInputs) {
    Fields f = new Fields(node, "format", "file", "labels", "header", "delimiter", "labelColumn",
        "classes", "encoding", "scaling", "features", "targets", "validationFile", "testFile",
        "testLabels", "shape", "label", "columns", "missing", "categorical");
    Node shapeNode = f.get("shape");
    Shape shape = null;
    Node shapeAt = null;
    if (shapeNode != null) {
      shape = inputShape(shapeNode);
      shapeAt = shapeNode;
      Shape in = network.input();
      if (in.isImage() ? !in.equals(shape) : in.size() != shape.size()) {
        throw shapeNode.error("data.shape " + shape + " (" + shape.size() + " values) does not "
            + "fit network.inputs " + (in.isImage() ? in.toString() : String.valueOf(in.size()))
            + (in.isImage() ? "" : " (" + in.size() + " values)"));
      }
    } else if (networkInputs != null) {
      // every sample must have network.inputs values: a file of another width is reported there
      shape = network.input();
      shapeAt = networkInputs;
    }
    Location shapeLocation = shapeAt == null ? null
        : new Location(shapeAt.source(), shapeAt.line(), shapeAt.column(), shapeAt.path());
    String format = f.choice("format", DataSpec.FORMATS,
        f.get("features") != null ? "inline" : "csv");
    List<String> classes = new ArrayList<>();
    Node c = f.get("classes");
    if (c != null) {
      for (Node item : c.require(Node.Kind.LIST).items()) {
        String name = text(item);
        int first = classes.indexOf(name);
        if (first >= 0) {
          throw item.error("the class '" + name + "' is listed twice (also as classes[" + first
              + "]); each class needs its own name");
        }
        classes.add(name);
      }
    }
    String encoding = f.choice("encoding", DataSpec.ENCODINGS, "one_hot");
    String scaling = f.choice("scaling", DataSpec.SCALINGS, "none");
    if (format.equals("inline")) {
      csvOnly(f, format);
      Matrix features = matrix(f.required("features"));
      Node t = f.required("targets");
      Matrix targets = matrix(t);
      LayerSpec last = network.layers().get(network.layers().size() - 1);
      int outputs = last.isDense() ? loss.targetColumns(
          ((BuiltInLayers.Dense.Parameters) last.type().parameters()).units()) : targets.cols();
      if (features.cols() != network.inputs()) {
        throw f.get("features").error("each sample must have " + network.inputs()
            + " features (network.inputs) but has " + features.cols());
      }
      if (targets.rows() != features.rows() || targets.cols() != outputs) {
        throw t.error("targets must be " + features.rows() + "×" + outputs
            + " (one row per sample, one value per output unit) but are " + targets.shape());
      }
      if (!classes.isEmpty() && classes.size() != targets.cols()) {
        throw c.error(classes.size() + " class names but data.targets has "
            + targets.cols() + " column(s); give one name per target column");
      }
      DataSpec inline = new DataSpec(format, null, null, false, ',', -1, classes, "numeric",
          scaling, features, targets, null, null, null, shape, shapeLocation);
      if (!classes.isEmpty() || targets.cols() < 2 || !inline.inlineClasses()) {
        return inline;
      }
      // one-hot rows without names: the classes are numbered, as for CSV labels
      for (int k = 0; k < targets.cols(); k++) {
        classes.add(Integer.toString(k));
      }
      return new DataSpec(format, null, null, false, ',', -1, classes, "numeric", scaling,
          features, targets, null, null, null, shape, shapeLocation);
    }
    Path file = existingFile(f.required("file"), folder);
    Path labels = format.equals("idx") ? existingFile(f.required("labels"), folder) : null;
    boolean header = f.bool("header", false);
    String delimiter = f.string("delimiter", ",");
    if (delimiter.length() != 1) {
      throw f.get("delimiter").error("the delimiter must be one character, such as ',' or ';'");
    }
    int labelColumn = -1;
    Node lc = f.get("labelColumn");
    if (lc != null && !"last".equals(lc.value())) {
      labelColumn = Fields.integer(lc, 0);
    }
    Node vf = f.get("validationFile");
    if (vf != null && !format.equals("csv")) {
      throw vf.error("validationFile needs format: csv; use training.validationSplit otherwise");
    }
    Path validationFile = vf == null ? null : existingFile(vf, folder);
    Node tf = f.get("testFile");
    Path testFile = tf == null ? null : existingFile(tf, folder);
    Path testLabels = tf != null && format.equals("idx")
        ? existingFile(f.required("testLabels"), folder) : null;
    Columns columns = columns(f, format, header, lc);
    return new DataSpec(format, file, labels, header, delimiter.charAt(0), labelColumn, classes,
        encoding, scaling, null, null, validationFile, testFile, testLabels, shape, shapeLocation,
        columns.label(), columns.features(), columns.missing(), columns.categorical());
  }

  /** The CSV columns chosen by name, and what missing values do. */
  private record Columns(String label, List<String> features, String missing,
      Map<String, String> categorical) {}

  private static final List<String> CSV_COLUMN_KEYS = List.of("label", "columns", "missing",
      "categorical");

  private static void csvOnly(Fields f, String format) {
    for (String key : CSV_COLUMN_KEYS) {
      Node node = f.get(key);
      if (node != null && !format.equals("csv")) {
        throw node.error("data." + key + " is for CSV data (format: csv), not " + format);
      }
    }
  }

  private static Columns columns(Fields f, String format, boolean header, Node labelColumn) {
    csvOnly(f, format);
    for (String key : CSV_COLUMN_KEYS) {
      Node node = f.get(key);
      if (node != null && !header && !key.equals("missing")) {
        throw node.error("data." + key + " names columns by the names in the file's first line:"
            + " set data.header: true");
      }
    }
    Node labelNode = f.get("label");
    String label = labelNode == null ? null : text(labelNode);
    if (labelNode != null && labelColumn != null) {
      throw labelNode.error("give the label column once: data.label (by name) or "
          + "data.labelColumn (by position), not both");
    }
    List<String> features = new ArrayList<>();
    Node columnsNode = f.get("columns");
    if (columnsNode != null) {
      List<Node> items = columnsNode.require(Node.Kind.LIST).items();
      if (items.isEmpty()) {
        throw columnsNode.error("data.columns lists the feature columns by name; it is empty");
      }
      for (Node item : items) {
        String name = text(item);
        if (features.contains(name)) {
          throw item.error("the column '" + name + "' is listed twice");
        }
        if (name.equals(label)) {
          throw item.error("'" + name + "' is the label (data.label), not a feature");
        }
        features.add(name);
      }
    }
    Map<String, String> categorical = new LinkedHashMap<>();
    Node cat = f.get("categorical");
    if (cat != null) {
      for (Map.Entry<String, Node> e : cat.require(Node.Kind.MAP).fields().entrySet()) {
        String encoding = text(e.getValue());
        if (!DataSpec.CATEGORICAL.contains(encoding)) {
          throw e.getValue().error("'" + encoding + "' is not one of "
              + String.join(", ", DataSpec.CATEGORICAL) + closest(encoding,
                  DataSpec.CATEGORICAL));
        }
        if (e.getKey().equals(label)) {
          throw e.getValue().error("'" + e.getKey() + "' is the label (data.label), which "
              + "data.encoding and data.classes encode; data.categorical is for features");
        }
        if (!features.isEmpty() && !features.contains(e.getKey())) {
          throw e.getValue().error("'" + e.getKey() + "' is not one of data.columns "
              + features + closest(e.getKey(), features));
        }
        categorical.put(e.getKey(), encoding);
      }
    }
    return new Columns(label, features, f.choice("missing", DataSpec.MISSING, "error"),
        categorical);
  }

  private static Path existingFile(Node node, Path folder) {
    Path path = Path.of(text(node));
    Path resolved = folder == null ? path : folder.resolve(path);
    if (Files.isDirectory(resolved)) {
      throw node.error(resolved + " is a folder; name a data file");
    }
    if (Files.exists(resolved) && !Files.isRegularFile(resolved)) {
      throw node.error(resolved + " is not a regular file (a device or a pipe); name a data "
          + "file");
    }
    if (!Files.isRegularFile(resolved)) {
      throw node.error("no such file: " + resolved);
    }
    return resolved;
  }

  /** A plugin written as a bare name or as a map with {@code type} and parameters. */
  private PluginSpec plugin(PluginKind kind, Node node, String defaultName) {
    if (node == null || node.isNull()) {
      return registry.resolve(kind, PluginSpec.of(defaultName));
    }
    Node nameNode = node;
    Map<String, Node> parameters = Map.of();
    if (node.kind() == Node.Kind.MAP) {
      nameNode = node.fields().get("type");
      if (nameNode == null) {
        throw node.error("a " + kind.label() + " written as a map needs 'type: <name>'; installed "
            + kind.plural() + ": " + String.join(", ", registry.names(kind)));
      }
      parameters = node.fields();
    }
    String name = text(nameNode);
    PluginProvider<?, ?> provider;
    try {
      provider = registry.provider(kind, name);
    } catch (NnException e) {
      throw new ConfigException(nameNode.source(), nameNode.line(), nameNode.column(),
          nameNode.path(), e.getMessage(), e);
    }
    return PluginSpec.of(name, parameters(provider, node, parameters));
  }

  /** Binds the parameters of a plugin map, key by key, to the provider's record. */
  private static Record parameters(PluginProvider<?, ?> provider, Node node,
      Map<String, Node> given) {
    Class<? extends Record> type = provider.parametersType();
    Record defaults = provider.defaultParameters();
    RecordComponent[] components = type.getRecordComponents();
    List<String> names = Arrays.stream(components).map(RecordComponent::getName).toList();
    for (Map.Entry<String, Node> e : given.entrySet()) {
      if (!e.getKey().equals("type") && !names.contains(e.getKey())) {
        throw e.getValue().error("'" + provider.name() + "' has no parameter '" + e.getKey()
            + "'" + closest(e.getKey(), names) + "; its parameters are "
            + describeParameters(provider));
      }
    }
    if (given.size() <= 1) {
      return defaults;
    }
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      Node value = given.get(c.getName());
      values[i] = value == null ? read(c, defaults) : bind(provider, c, value);
    }
    try {
      return PluginParameters.construct(type, values);
    } catch (IllegalArgumentException e) {
      throw node.error("invalid parameters for '" + provider.name() + "': " + e.getMessage());
    }
  }

  /** Binds one value strictly ({@link PluginParameters#convert}), pointing at it on failure. */
  private static Object bind(PluginProvider<?, ?> provider, RecordComponent c, Node value) {
    try {
      return PluginParameters.convert(c, DocumentParser.plain(value));
    } catch (IllegalArgumentException e) {
      throw value.error("'" + c.getName() + "' of '" + provider.name() + "' " + e.getMessage());
    }
  }

  private static Object read(RecordComponent c, Record defaults) {
    return PluginParameters.read(defaults, c);
  }

  /**
   * Lists a provider's parameters with their types, defaults and {@link Describe} descriptions,
   * for messages and the CLI.
   */
  public static String describeParameters(PluginProvider<?, ?> provider) {
    RecordComponent[] components = provider.parametersType().getRecordComponents();
    if (components.length == 0) {
      return "(none)";
    }
    return Arrays.stream(components)
        .map(c -> c.getName() + " (" + PluginParameters.typeName(c.getType()) + ", default "
            + read(c, provider.defaultParameters()) + ")"
            + (c.isAnnotationPresent(Describe.class)
                ? ": " + c.getAnnotation(Describe.class).value() : ""))
        .collect(Collectors.joining(", "));
  }

  private static String closest(String input, List<String> candidates) {
    String closest = Suggestions.closest(input, candidates);
    return closest == null ? "" : " (did you mean '" + closest + "'?)";
  }

  private static String text(Node node) {
    if (node.kind() != Node.Kind.SCALAR || node.value() == null) {
      throw node.error("expected a name or text but found " + node.describe());
    }
    return node.value().toString();
  }

  private static Matrix matrix(Node node) {
    List<Node> rows = node.require(Node.Kind.LIST).items();
    if (rows.isEmpty()) {
      throw node.error("expected a list of rows, each a list of numbers, but the list is empty");
    }
    float[][] values = new float[rows.size()][];
    for (int r = 0; r < values.length; r++) {
      values[r] = vector(rows.get(r));
      if (values[r].length != values[0].length) {
        throw rows.get(r).error("every row must have " + values[0].length + " values like the"
            + " first, but this one has " + values[r].length);
      }
    }
    return Matrix.of(values);
  }

  private static float[] vector(Node node) {
    List<Node> items = node.require(Node.Kind.LIST).items();
    float[] values = new float[items.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) Fields.number(items.get(i));
    }
    return values;
  }

  /**
   * The keys of one map, checked against the keys it may have as soon as it is opened, with
   * typed getters that point at the offending value.
   */
  private static final class Fields {
    private final Node owner;
    private final Node node;

    /** A missing or empty section reads as an empty map: every key takes its default. */
    Fields(Node node, String... allowed) {
      this.owner = node;
      this.node = node == null || node.isNull() ? null : node.require(Node.Kind.MAP);
      if (this.node != null) {
        List<String> valid = List.of(allowed);
        for (Map.Entry<String, Node> e : this.node.fields().entrySet()) {
          if (!valid.contains(e.getKey())) {
            throw e.getValue().error("unknown key '" + e.getKey() + "'"
                + closest(e.getKey(), valid) + "; valid keys here: " + String.join(", ", valid));
          }
        }
      }
    }

    Node get(String key) {
      return node == null ? null : node.fields().get(key);
    }

    Node required(String key) {
      Node value = get(key);
      if (value == null || value.isNull()) {
        if (owner == null) {
          throw new IllegalStateException("required key " + key + " in a missing section");
        }
        throw owner.error("missing key '" + owner.child(key) + "'");
      }
      return value;
    }

    int integer(String key, Integer defaultValue, int min) {
      Node value = get(key);
      if (value == null) {
        if (defaultValue == null) {
          required(key);
        }
        return defaultValue;
      }
      return integer(value, min);
    }

    static int integer(Node value, int min) {
      if (!(value.value() instanceof Integer i)) {
        throw value.error("expected a whole number but found " + value.describe());
      }
      if (i < min) {
        throw value.error("must be at least " + min + ", was " + i);
      }
      return i;
    }

    long longValue(String key, long defaultValue) {
      Node value = get(key);
      if (value == null) {
        return defaultValue;
      }
      if (!(value.value() instanceof Integer || value.value() instanceof Long)) {
        throw value.error("expected a whole number but found " + value.describe());
      }
      return ((Number) value.value()).longValue();
    }

    double fraction(String key) {
      Node value = get(key);
      if (value == null) {
        return 0;
      }
      double d = number(value);
      if (!(d >= 0 && d < 1)) {
        throw value.error("must be a fraction in [0, 1), was " + d);
      }
      return d;
    }

    double number(String key, double defaultValue) {
      Node value = get(key);
      return value == null ? defaultValue : number(value);
    }

    double nonNegative(String key) {
      Node value = get(key);
      if (value == null) {
        return 0;
      }
      double d = number(value);
      if (d < 0) {
        throw value.error("must be >= 0, was " + d);
      }
      return d;
    }

    static double number(Node value) {
      if (!(value.value() instanceof Number n) || !Double.isFinite(n.doubleValue())) {
        throw value.error("expected a number but found " + value.describe());
      }
      return n.doubleValue();
    }

    boolean bool(String key, boolean defaultValue) {
      Node value = get(key);
      if (value == null) {
        return defaultValue;
      }
      if (!(value.value() instanceof Boolean b)) {
        throw value.error("expected true or false but found " + value.describe());
      }
      return b;
    }

    String string(String key, String defaultValue) {
      Node value = get(key);
      return value == null ? defaultValue : text(value);
    }

    String choice(String key, List<String> valid, String defaultValue) {
      Node value = get(key);
      if (value == null) {
        return defaultValue;
      }
      String s = text(value);
      if (!valid.contains(s)) {
        throw value.error("'" + s + "' is not one of " + String.join(", ", valid)
            + closest(s, valid));
      }
      return s;
    }
  }
}
