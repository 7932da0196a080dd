package dev.nn4j.core.model;

import dev.nn4j.api.ConfigException;
import dev.nn4j.api.Matrix;
import dev.nn4j.api.NnException;
import dev.nn4j.api.PluginKind;
import dev.nn4j.api.UnknownPluginException;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.StateBuffer;
import dev.nn4j.core.LayerNode;
import dev.nn4j.core.layer.DenseLayer;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.api.spi.Backend;
import dev.nn4j.core.backend.Backends;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.ConfigWriter;
import dev.nn4j.core.config.NetworkSpec;
import dev.nn4j.core.data.CsvReader;
import dev.nn4j.core.data.Scaler;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Saves and loads {@link Model}s. A model file is a zip archive:
 *
 * <pre>
 *   manifest.json            format "nn4j-model", version, name, classes, scaling kind, shapes,
 *                            the CSV layout of the training data, and provenance (nn4j version,
 *                            each plugin's name, version and jar, backend, JVM, OS, architecture,
 *                            a fingerprint of the training data, the time)
 *   network.json             the network section, as a configuration writes it (no values)
 *   loss.json                the loss with its parameters
 *   config.yaml              the configuration the model was trained from, as written
 *   scaler/offset.f32        feature scaling, raw little-endian floats
 *   scaler/scale.f32
 *   layers/N/NAME.f32        each parameter and state buffer of layer N by the name the layer
 *                            declares (a dense layer's weights, units × inputs, and biases),
 *                            row-major little-endian floats
 * </pre>
 *
 * <p>Format 1 (dense layers only, {@code bias.f32} for the biases) still loads. A file of a newer
 * major format is refused with a message naming the format and the formats this version reads.
 *
 * <p>Plugins are stored by name and parameters only, never by class name, and no Java serialization
 * is involved. The loader reads the zip's directory first and refuses, before reading any entry,
 * more than {@link #MAX_ENTRIES} entries, unsafe paths, duplicated entries, names no model file
 * has, and declared sizes over {@link #MAX_COMPRESSION_RATIO} times the file's size; then it reads
 * text entries of at most {@link #MAX_TEXT_BYTES} and each parameter straight into the network,
 * exactly the size the network gives it, and refuses entries nothing uses and corrupted or
 * truncated data (each entry's CRC-32 is checked). Saving goes through {@link AtomicWrite}, so a
 * reader sees the old file or the new one, never half of one. Loading checks the format version,
 * every plugin name against the registry and every
 * shape, with a clear error for each mismatch; a model loaded from a file predicts bit for bit as
 * the saved one.
 *
 * <p>Thread-safety: stateless; concurrent saves to one path leave one of them.
 */
public final class ModelFile {

  /** The format this version writes; it also reads format 1. */
  public static final int VERSION = 2;
  /** The value of the manifest's {@code format} key. */
  public static final String FORMAT = "nn4j-model";
  /**
   * The largest text entry (manifest, network, loss, configuration, trainer state) a model file
   * may hold, in bytes. A parameter's entry must hold exactly the values the network gives it.
   */
  public static final long MAX_TEXT_BYTES = 16L << 20;
  /** The most entries a model file or checkpoint may hold. */
  public static final int MAX_ENTRIES = 100_000;
  /**
   * The largest ratio of the entries' declared sizes to the file's size accepted (raw floats
   * barely compress).
   */
  public static final int MAX_COMPRESSION_RATIO = 100;

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  /** A network whose parameters need more is checked against the file before it is built. */
  private static final long PREALLOCATION_CHECK_BYTES = 64L << 20;

  private ModelFile() {}

  /**
   * Saves a model atomically.
   *
   * @param model the model
   * @param file the target; replaced if it exists
   * @throws ModelFileException if it cannot be written (the old file, if any, is left intact)
   */
  public static void save(Model model, Path file) {
    save(model, file, Map.of());
  }

  /**
   * Saves a network as a model with the defaults of {@link Model#of(Network)} (no scaling, no
   * classes, {@code squared_error}): for a network built and trained in code. For anything
   * more, save a {@link Model#builder(Network)}'s model.
   *
   * @param network the network
   * @param file the target; replaced if it exists
   * @throws ModelFileException if it cannot be written (the old file, if any, is left intact)
   */
  public static void save(Network network, Path file) {
    save(Model.of(network), file);
  }

  /** Saves a model with extra entries (a checkpoint's trainer state), atomically. */
  static void save(Model model, Path file, Map<String, byte[]> extra) {
    save(model, file, extra, temp -> Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE));
  }

  /** Opens the stream a save writes through; tests inject failures with it. */
  interface Sink {
    OutputStream open(Path temp) throws IOException;
  }

  /** Saves through a sink with {@link AtomicWrite}: any failure leaves the target as it was. */
  static void save(Model model, Path file, Map<String, byte[]> extra, Sink sink) {
    try {
      AtomicWrite.write(file, sink::open, out -> {
        ZipOutputStream zip = new ZipOutputStream(out);
        write(model, zip);
        for (Map.Entry<String, byte[]> e : extra.entrySet()) {
          entry(zip, e.getKey(), e.getValue());
        }
        zip.finish();
      });
    } catch (IOException e) {
      throw new ModelFileException(file.toString(), "cannot write the model: "
          + AtomicWrite.reason(e), e);
    }
  }

  private static void write(Model model, ZipOutputStream zip) throws IOException {
    Network network = model.network();
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("format", FORMAT);
    manifest.put("version", VERSION);
    manifest.put("name", model.name());
    manifest.put("classes", model.classes());
    manifest.put("scaling", model.scaler().kind());
    manifest.put("inputs", network.inputs());
    manifest.put("outputs", network.outputs());
    manifest.put("provenance", model.provenance());
    CsvReader csv = model.csv();
    if (csv != null) {
      Map<String, Object> layout = new LinkedHashMap<>();
      layout.put("header", csv.header());
      layout.put("delimiter", String.valueOf(csv.delimiter()));
      layout.put("labelColumn", csv.labelColumn());
      layout.put("oneHot", csv.oneHot());
      CsvReader.Columns columns = csv.columns();
      if (columns.label() != null) {
        layout.put("label", columns.label());
      }
      if (!columns.features().isEmpty()) {
        layout.put("features", columns.features());
      }
      layout.put("missing", columns.missing());
      if (columns.width() > 0) {
        layout.put("width", columns.width());
        layout.put("featureColumns", columns.featureColumns());
      }
      if (!columns.categorical().isEmpty()) {
        List<Object> categorical = new ArrayList<>();
        for (CsvReader.Categorical c : columns.categorical()) {
          categorical.add(c.fields());
        }
        layout.put("categorical", categorical);
      }
      manifest.put("csv", layout);
    }
    entry(zip, "manifest.json", JSON.writerWithDefaultPrettyPrinter()
        .writeValueAsString(manifest).getBytes(StandardCharsets.UTF_8));
    entry(zip, "network.json", ConfigWriter.network(network).getBytes(StandardCharsets.UTF_8));
    entry(zip, "loss.json", ConfigWriter.plugin(model.loss()).getBytes(StandardCharsets.UTF_8));
    if (model.config() != null) {
      entry(zip, "config.yaml", model.config().getBytes(StandardCharsets.UTF_8));
    }
    entry(zip, "scaler/offset.f32", floats(model.scaler().offset()));
    entry(zip, "scaler/scale.f32", floats(model.scaler().scale()));
    for (LayerNode node : network.layers()) {
      for (Parameter p : node.parameters()) {
        entry(zip, "layers/" + node.index() + "/" + p.name() + ".f32", floats(p.value()));
      }
      for (StateBuffer b : node.buffers()) {
        entry(zip, "layers/" + node.index() + "/" + b.name() + ".f32", floats(b.values()));
      }
    }
  }

  private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }

  static byte[] floats(float[] values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    return buffer.array();
  }

  /**
   * Loads a model, resolving its plugins through the registry.
   *
   * @param file the model file
   * @param registry the installed plugins
   * @return the model
   * @throws ModelFileException if the file is missing, not a model file, of another major
   *     version, names a plugin that is not installed, or holds data of the wrong shape
   */
  public static Model load(Path file, PluginRegistry registry) {
    return load(file, registry, null);
  }

  /**
   * Loads a model whose network computes on the given backend.
   *
   * @param file the model file
   * @param registry the installed plugins
   * @param backend the backend its network runs on, or null for {@link Backends#preferred()}
   * @return the model
   * @throws ModelFileException as {@link #load(Path, PluginRegistry)}
   */
  public static Model load(Path file, PluginRegistry registry, Backend backend) {
    try (ModelArchive archive = ModelArchive.open(file)) {
      Model model = read(archive, registry, file.toString(), backend);
      // a checkpoint loads as a model: its trainer state is skipped
      archive.requireAllRead(name -> name.equals("trainer.json")
          || name.startsWith("optimizer/"));
      return model;
    }
  }

  /** Reads a JSON entry that must hold an object. */
  static Map<?, ?> jsonObject(ModelArchive archive, String name, String where) {
    Object value;
    try {
      value = JSON.readValue(archive.text(name), Object.class);
    } catch (JacksonException e) {
      throw new ModelFileException(where, name + " is not valid JSON: "
          + e.getOriginalMessage(), e);
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new ModelFileException(where, name + " must hold a JSON object ({...}) but holds "
          + (value == null ? "null" : value instanceof List<?> ? "a list" : "a "
              + (value instanceof String ? "string" : value instanceof Boolean ? "boolean"
                  : "number")), null);
    }
    return map;
  }

  /** Builds the model the entries of a model file or checkpoint describe. */
  static Model read(ModelArchive entries, PluginRegistry registry, String where,
      Backend backend) {
    Map<?, ?> manifest = jsonObject(entries, "manifest.json", where);
    if (!FORMAT.equals(manifest.get("format"))) {
      throw new ModelFileException(where, "not an nn4j model file (manifest format is "
          + manifest.get("format") + ")", null);
    }
    if (!(manifest.get("version") instanceof Integer version) || version < 1) {
      throw new ModelFileException(where, "the manifest's version is " + manifest.get("version")
          + ", not a model format number", null);
    }
    if (version > VERSION) {
      throw new ModelFileException(where, "the file is in model format " + version + ", written"
          + " by a newer nn4j; this nn4j reads formats 1 to " + VERSION + ": read it with the"
          + " nn4j that wrote it (see the manifest's provenance) or a later one", null);
    }
    ConfigReader reader = new ConfigReader(registry);
    NetworkSpec shape;
    PluginSpec loss;
    try {
      shape = reader.readNetwork(entries.text("network.json"), where + "!network.json");
      loss = reader.readPlugin(PluginKind.LOSS, entries.text("loss.json"),
          where + "!loss.json");
    } catch (ConfigException e) {
      throw new ModelFileException(where, e.getMessage() + missingPlugin(e, manifest), e);
    }
    requireLayerEntriesHold(shape, entries, where);
    Network network;
    if (backend == null) {
      Backends.preferred(); // a bad nn4j.backend or nn4j.threads is not the file's fault
    }
    try {
      network = Network.build(shape, registry, backend);
    } catch (NnException e) {
      throw new ModelFileException(where, e.getMessage(), e);
    }
    for (LayerNode node : network.layers()) {
      for (Parameter p : node.parameters()) {
        String name = version == 1 && p.name().equals("biases") ? "bias" : p.name();
        entries.floats("layers/" + node.index() + "/" + name + ".f32", p.value(),
            "the network needs");
      }
      for (StateBuffer b : node.buffers()) {
        entries.floats("layers/" + node.index() + "/" + b.name() + ".f32", b.values(),
            "the network needs");
      }
    }
    String kind = String.valueOf(manifest.get("scaling"));
    Scaler scaler;
    try {
      float[] offset = new float[network.inputs()];
      float[] scale = new float[network.inputs()];
      entries.floats("scaler/offset.f32", offset, "the network needs");
      entries.floats("scaler/scale.f32", scale, "the network needs");
      scaler = new Scaler(kind, offset, scale);
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(where, e.getMessage(), e);
    }
    List<String> classes = new ArrayList<>();
    if (manifest.get("classes") instanceof List<?> list) {
      list.forEach(c -> classes.add(String.valueOf(c)));
    }
    if (!classes.isEmpty() && classes.size() != network.outputs()) {
      throw new ModelFileException(where, "the manifest names " + classes.size()
          + " classes but the network has " + network.outputs() + " outputs", null);
    }
    String config = entries.optionalText("config.yaml");
    Map<String, Object> provenance = new LinkedHashMap<>();
    if (manifest.get("provenance") instanceof Map<?, ?> p) {
      p.forEach((k, v) -> provenance.put(String.valueOf(k), v));
    }
    return new Model(String.valueOf(manifest.get("name")), network, scaler, classes, loss,
        csvReader(manifest.get("csv"), classes, network.inputs(), where),
        config, provenance);
  }

  /**
   * Before a large network is built: a chain of dense layers needs its parameters' bytes in the
   * file's layer entries, so a small file declaring a huge network is refused before anything is
   * allocated for it (the entries' declared sizes are bounded by the file's size). A small
   * network's entries are each checked as they are read, with a more precise message.
   */
  private static void requireLayerEntriesHold(NetworkSpec shape, ModelArchive entries,
      String where) {
    long needed = 0;
    int in = shape.input().size();
    for (dev.nn4j.core.config.LayerSpec layer : shape.layers()) {
      if (!layer.isDense() || in <= 0 || !layer.inputs().isEmpty()) {
        break;
      }
      var dense = (dev.nn4j.core.layer.BuiltInLayers.Dense.Parameters) layer.type().parameters();
      needed += (long) dense.units() * (in + (dense.bias() ? 1 : 0)) * Float.BYTES;
      in = dense.units();
    }
    long held = 0;
    for (String name : entries.names()) {
      if (name.startsWith("layers/")) {
        held += Math.max(entries.declaredSize(name), 0);
      }
    }
    if (held < needed && needed > PREALLOCATION_CHECK_BYTES) {
      throw new ModelFileException(where, "network.json declares a network whose parameters "
          + "need " + needed + " bytes, but its layers/ entries hold only " + held, null);
    }
  }

  /**
   * For a plugin the registry lacks: which jar the model was trained with, from its provenance,
   * so the user knows what to add with --plugin-path.
   */
  private static String missingPlugin(ConfigException e, Map<?, ?> manifest) {
    if (!(e.getCause() instanceof UnknownPluginException unknown)
        || !(manifest.get("provenance") instanceof Map<?, ?> provenance)
        || !(provenance.get("plugins") instanceof List<?> plugins)) {
      return "";
    }
    for (Object o : plugins) {
      if (o instanceof Map<?, ?> p && unknown.name().equals(p.get("name"))
          && unknown.kind().label().equals(p.get("kind"))) {
        return "; the model was trained with the " + unknown.kind().label() + " '"
            + unknown.name() + "' of " + p.get("jar") + " (version " + p.get("version")
            + "): add that jar with --plugin-path or to ./plugins";
      }
    }
    return "";
  }

  /** The most columns a CSV layout may have: a line of at most 1 MiB holds fewer. */
  static final int MAX_CSV_COLUMNS = 1 << 20;

  /**
   * The CSV layout of the manifest. One without {@code width} (written before the layout kept
   * it) read every column but the label as a number: its width is the network's inputs plus
   * the label.
   */
  private static CsvReader csvReader(Object layout, List<String> classes, int inputs,
      String where) {
    if (layout == null) {
      return null;
    }
    if (!(layout instanceof Map<?, ?> m)) {
      throw new ModelFileException(where, "manifest.json: csv must be a map of the CSV layout",
          null);
    }
    if (!(m.get("header") instanceof Boolean header)) {
      throw malformedLayout(where, "header", "true or false");
    }
    if (!(m.get("delimiter") instanceof String delimiter) || delimiter.length() != 1) {
      throw malformedLayout(where, "delimiter", "one character");
    }
    if (!(m.get("labelColumn") instanceof Integer labelColumn)) {
      throw malformedLayout(where, "labelColumn", "a whole number");
    }
    if (!(m.get("oneHot") instanceof Boolean oneHot)) {
      throw malformedLayout(where, "oneHot", "true or false");
    }
    CsvReader.Columns columns;
    try {
      String label = m.get("label") == null ? null : string(m.get("label"), "label", where);
      List<String> features = strings(m.get("features"), "features", where);
      String missing = m.get("missing") == null ? "error" : string(m.get("missing"), "missing",
          where);
      List<CsvReader.Categorical> categorical = new ArrayList<>();
      if (m.get("categorical") != null) {
        if (!(m.get("categorical") instanceof List<?> list)) {
          throw malformedLayout(where, "categorical", "a list");
        }
        for (Object o : list) {
          if (!(o instanceof Map<?, ?> c)) {
            throw malformedLayout(where, "categorical", "a list of maps");
          }
          categorical.add(new CsvReader.Categorical(string(c.get("column"), "categorical.column",
              where), string(c.get("encoding"), "categorical.encoding", where),
              strings(c.get("categories"), "categorical.categories", where)));
        }
      }
      int width;
      List<Integer> featureColumns = new ArrayList<>();
      if (m.get("width") == null) {
        width = inputs + 1;
        if (labelColumn < -1 || labelColumn >= width) {
          throw outside(where, "labelColumn", labelColumn, width, ", or -1 for the last");
        }
        labelColumn = labelColumn < 0 ? width - 1 : labelColumn;
        for (int c = 0; c < width; c++) {
          if (c != labelColumn) {
            featureColumns.add(c);
          }
        }
      } else {
        if (!(m.get("width") instanceof Integer w) || w < 1 || w > MAX_CSV_COLUMNS
            || !(m.get("featureColumns") instanceof List<?> fc)) {
          throw malformedLayout(where, "width", "a whole number from 1 to " + MAX_CSV_COLUMNS
              + ", with featureColumns");
        }
        width = w;
        if (labelColumn < -1 || labelColumn >= width) {
          throw outside(where, "labelColumn", labelColumn, width, ", or -1 for none");
        }
        int[] listedAt = new int[width];
        java.util.Arrays.fill(listedAt, -1);
        for (int i = 0; i < fc.size(); i++) {
          if (!(fc.get(i) instanceof Integer c)) {
            throw malformedLayout(where, "featureColumns", "a list of column numbers");
          }
          String key = "featureColumns[" + i + "]";
          if (c < 0 || c >= width) {
            throw outside(where, key, c, width, "");
          }
          if (c == labelColumn) {
            throw new ModelFileException(where, "manifest.json: csv." + key + " is " + c
                + ", the label column (csv.labelColumn); a feature must be another column",
                null);
          }
          if (listedAt[c] >= 0) {
            throw new ModelFileException(where, "manifest.json: csv." + key + " is " + c
                + ", listed twice (also as featureColumns[" + listedAt[c]
                + "]); each feature is its own column", null);
          }
          listedAt[c] = i;
          featureColumns.add(c);
        }
      }
      if (!features.isEmpty() && !featureColumns.isEmpty()
          && features.size() != featureColumns.size()) {
        throw new ModelFileException(where, "manifest.json: csv.features names "
            + features.size() + " columns but csv.featureColumns lists " + featureColumns.size()
            + "; they name the same feature columns", null);
      }
      requireCategoricalFits(categorical, features, where);
      columns = new CsvReader.Columns(label, features, missing, categorical, width,
          featureColumns);
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(where, "the manifest's csv layout is malformed: "
          + e.getMessage(), e);
    }
    CsvReader reader = new CsvReader(header, delimiter.charAt(0), labelColumn, classes, oneHot,
        columns);
    if (reader.inputs() != inputs) {
      throw new ModelFileException(where, "the manifest's csv layout makes " + reader.inputs()
          + " inputs but the network takes " + inputs, null);
    }
    return reader;
  }

  /** A column number of the manifest's csv layout that is not a column of the layout. */
  private static ModelFileException outside(String where, String key, int column, int width,
      String more) {
    return new ModelFileException(where, "manifest.json: csv." + key + " is " + column
        + ", outside 0.." + (width - 1) + " (the training file's " + width + " columns)" + more,
        null);
  }

  /**
   * Each categorical entry names a feature column (of {@code features}, when the layout names
   * them) once, and lists its categories once each.
   */
  private static void requireCategoricalFits(List<CsvReader.Categorical> categorical,
      List<String> features, String where) {
    Map<String, Integer> seen = new java.util.HashMap<>();
    java.util.Set<String> named = new java.util.HashSet<>(features);
    for (int i = 0; i < categorical.size(); i++) {
      CsvReader.Categorical c = categorical.get(i);
      String key = "manifest.json: csv.categorical[" + i + "]";
      Integer first = seen.putIfAbsent(c.column(), i);
      if (first != null) {
        throw new ModelFileException(where, key + ".column names a column already listed (as "
            + "categorical[" + first + "]); list each column once", null);
      }
      if (!features.isEmpty() && !named.contains(c.column())) {
        throw new ModelFileException(where, key + ".column is none of the " + features.size()
            + " feature columns csv.features names", null);
      }
      if (features.isEmpty()) {
        throw new ModelFileException(where, key + ": categorical columns are chosen by name, "
            + "but csv.features names no feature columns", null);
      }
      if (c.categories().isEmpty()) {
        throw new ModelFileException(where, key + ".categories is empty; a trained model "
            + "lists the categories it was trained on", null);
      }
      if (new java.util.HashSet<>(c.categories()).size() != c.categories().size()) {
        throw new ModelFileException(where, key + ".categories lists a category twice", null);
      }
    }
  }

  private static ModelFileException malformedLayout(String where, String key, String expected) {
    return new ModelFileException(where, "the manifest's csv." + key + " is malformed: expected "
        + expected, null);
  }

  private static String string(Object value, String key, String where) {
    if (!(value instanceof String s)) {
      throw malformedLayout(where, key, "text");
    }
    return s;
  }

  private static List<String> strings(Object value, String key, String where) {
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof List<?> list)) {
      throw malformedLayout(where, key, "a list of names");
    }
    for (Object o : list) {
      out.add(string(o, key, where));
    }
    return out;
  }

  /**
   * Exports a model's weights as JSON, for inspection and comparison with other tools: per layer
   * its name, type and activation, and each parameter and buffer by name (a dense layer's weights
   * as rows, units × inputs).
   *
   * @param model the model
   * @return pretty-printed JSON
   */
  public static String weightsJson(Model model) {
    List<Object> layers = new ArrayList<>();
    for (LayerNode node : model.network().layers()) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("name", node.name());
      map.put("type", node.type());
      if (node.spec().activation() != null) {
        map.put("activation", node.spec().activation().name());
      }
      for (Parameter p : node.parameters()) {
        map.put(p.name(), p.name().equals("weights") && node.layer() instanceof DenseLayer d
            ? rows(p.value(), d.units()) : p.value());
      }
      for (StateBuffer b : node.buffers()) {
        map.put(b.name(), b.values());
      }
      layers.add(map);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("name", model.name());
    root.put("layers", layers);
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  private static float[][] rows(float[] values, int rows) {
    Matrix m = new Matrix(rows, values.length / rows, values);
    float[][] out = new float[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = m.row(r);
    }
    return out;
  }
}
