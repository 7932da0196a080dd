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
 * is involved. The loader refuses entries with unsafe paths, duplicated entries, entries over
 * {@link #MAX_ENTRY_BYTES}, compression ratios over {@link #MAX_COMPRESSION_RATIO}, and corrupted
 * or truncated data (each entry's CRC-32 is checked). Saving goes through {@link AtomicWrite}, so a
 * reader sees the old file or the new one, never half of one. Loading checks the format version, every plugin name against the registry and every
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
  /** The largest entry a model file may hold, in bytes. */
  public static final long MAX_ENTRY_BYTES = 512L << 20;
  /** The largest ratio of inflated to compressed bytes accepted (raw floats barely compress). */
  public static final int MAX_COMPRESSION_RATIO = 100;
  private static final long MIN_RATIO_CHECK_BYTES = 1 << 20;

  private static final ObjectMapper JSON = JsonMapper.builder().build();

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
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("column", c.column());
          entry.put("encoding", c.encoding());
          entry.put("categories", c.categories());
          categorical.add(entry);
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
    return read(readEntries(file), registry, file.toString(), backend);
  }

  /** Builds the model the entries of a model file or checkpoint describe. */
  static Model read(Map<String, byte[]> entries, PluginRegistry registry, String where,
      Backend backend) {
    Map<?, ?> manifest;
    try {
      manifest = JSON.readValue(text(entries, "manifest.json", where), Map.class);
    } catch (JacksonException e) {
      throw new ModelFileException(where, "manifest.json is not valid JSON: "
          + e.getOriginalMessage(), e);
    }
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
      shape = reader.readNetwork(text(entries, "network.json", where), where + "!network.json");
      loss = reader.readPlugin(PluginKind.LOSS, text(entries, "loss.json", where),
          where + "!loss.json");
    } catch (ConfigException e) {
      throw new ModelFileException(where, e.getMessage() + missingPlugin(e, manifest), e);
    }
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
        System.arraycopy(floats(entries, "layers/" + node.index() + "/" + name + ".f32",
            p.size(), where), 0, p.value(), 0, p.size());
      }
      for (StateBuffer b : node.buffers()) {
        System.arraycopy(floats(entries, "layers/" + node.index() + "/" + b.name() + ".f32",
            b.values().length, where), 0, b.values(), 0, b.values().length);
      }
    }
    String kind = String.valueOf(manifest.get("scaling"));
    Scaler scaler;
    try {
      scaler = new Scaler(kind, floats(entries, "scaler/offset.f32", network.inputs(), where),
          floats(entries, "scaler/scale.f32", network.inputs(), where));
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
    byte[] config = entries.get("config.yaml");
    Map<String, Object> provenance = new LinkedHashMap<>();
    if (manifest.get("provenance") instanceof Map<?, ?> p) {
      p.forEach((k, v) -> provenance.put(String.valueOf(k), v));
    }
    return new Model(String.valueOf(manifest.get("name")), network, scaler, classes, loss,
        csvReader(manifest.get("csv"), classes, network.inputs(), where),
        config == null ? null : new String(config, StandardCharsets.UTF_8), provenance);
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
    if (!(layout instanceof Map<?, ?> m) || !(m.get("header") instanceof Boolean header)
        || !(m.get("delimiter") instanceof String delimiter) || delimiter.length() != 1
        || !(m.get("labelColumn") instanceof Integer labelColumn)
        || !(m.get("oneHot") instanceof Boolean oneHot)) {
      throw new ModelFileException(where, "the manifest's csv layout is malformed: " + layout,
          null);
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
        labelColumn = labelColumn < 0 ? width - 1 : labelColumn;
        for (int c = 0; c < width; c++) {
          if (c != labelColumn) {
            featureColumns.add(c);
          }
        }
      } else {
        if (!(m.get("width") instanceof Integer w) || w < 1
            || !(m.get("featureColumns") instanceof List<?> fc)) {
          throw malformedLayout(where, "width", "a whole number, with featureColumns");
        }
        width = w;
        for (Object o : fc) {
          if (!(o instanceof Integer c) || c < 0 || c >= width) {
            throw malformedLayout(where, "featureColumns", "columns below width " + width);
          }
          featureColumns.add(c);
        }
      }
      if (labelColumn >= width) {
        throw malformedLayout(where, "labelColumn", "a column below width " + width);
      }
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

  static Map<String, byte[]> readEntries(Path file) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    String where = file.toString();
    try (CountingInputStream in = new CountingInputStream(Files.newInputStream(file));
        ZipInputStream zip = new ZipInputStream(in)) {
      long inflated = 0;
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        String name = e.getName();
        if (name.startsWith("/") || name.contains("..") || name.contains("\\")) {
          throw new ModelFileException(where, "entry '" + name + "' has an unsafe path", null);
        }
        if (entries.containsKey(name)) {
          throw new ModelFileException(where, "entry '" + name + "' appears twice", null);
        }
        byte[] bytes = readLimited(zip, name, where);
        entries.put(name, bytes);
        inflated += bytes.length;
        if (inflated > MIN_RATIO_CHECK_BYTES && inflated > MAX_COMPRESSION_RATIO * in.count()) {
          throw new ModelFileException(where, "suspicious compression ratio: " + inflated
              + " bytes from " + in.count() + " (more than " + MAX_COMPRESSION_RATIO
              + ":1); refusing a likely zip bomb", null);
        }
      }
    } catch (ZipException | IllegalArgumentException e) {
      // ZipInputStream throws IllegalArgumentException for an entry name that is not UTF-8
      throw new ModelFileException(where, "the file is corrupted or truncated (" + e.getMessage()
          + ")", e);
    } catch (NoSuchFileException e) {
      throw new ModelFileException(where, "no such file", e);
    } catch (IOException e) {
      throw new ModelFileException(where, "not a readable model file: corrupted, truncated or not"
          + " a zip archive (" + e + ")", e);
    }
    if (entries.isEmpty()) {
      throw new ModelFileException(where, "not a model file: it is not a zip archive or is empty",
          null);
    }
    return entries;
  }

  private static byte[] readLimited(InputStream in, String name, String where) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    long total = 0;
    for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
      total += n;
      if (total > MAX_ENTRY_BYTES) {
        throw new ModelFileException(where, "entry '" + name + "' is larger than the limit of "
            + MAX_ENTRY_BYTES + " bytes", null);
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /** Counts the bytes read from the file, for the compression-ratio check. */
  private static final class CountingInputStream extends FilterInputStream {
    private long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    long count() {
      return count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count += b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      count += Math.max(n, 0);
      return n;
    }
  }

  static String text(Map<String, byte[]> entries, String name, String where) {
    return new String(required(entries, name, where), StandardCharsets.UTF_8);
  }

  private static byte[] required(Map<String, byte[]> entries, String name, String where) {
    byte[] bytes = entries.get(name);
    if (bytes == null) {
      throw new ModelFileException(where, "the entry '" + name + "' is missing", null);
    }
    return bytes;
  }

  static float[] floats(Map<String, byte[]> entries, String name, int expected,
      String where) {
    byte[] bytes = required(entries, name, where);
    if (bytes.length != (long) expected * Float.BYTES) {
      throw new ModelFileException(where, "'" + name + "' holds " + bytes.length / Float.BYTES
          + " floats (" + bytes.length + " bytes) but the network needs " + expected, null);
    }
    float[] values = new float[expected];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
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
