package dev.nn4j.spark;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.NnException;
import dev.nn4j.api.Parameter;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.EpochResult;
import dev.nn4j.core.GradientStrategy;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingHistory;
import dev.nn4j.core.TrainingListener;
import dev.nn4j.core.config.CheckpointSpec;
import dev.nn4j.core.config.ConfigLimits;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.DistributedSpec;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.data.Scaler;
import dev.nn4j.core.data.Splits;
import dev.nn4j.core.model.Checkpoint;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import dev.nn4j.core.model.Provenance;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code spark-submit} entry: trains a configuration on data that Spark reads, and writes the
 * model file.
 *
 * <pre>
 * spark-submit --class dev.nn4j.spark.TrainMain [--jars plugin.jar] nn-spark-VERSION-spark.jar \
 *     CONFIG DATA OUT [--format csv|parquet] [--features a,b,c] [--label column] [--no-header]
 *     [--classes a,b,c] [--partitions N] [--checkpoint FILE] [--resume FILE]
 * </pre>
 *
 * <p>CONFIG is a configuration without a {@code data} section; DATA is a CSV file (with a header
 * line unless {@code --no-header}) or Parquet file or folder, the format told by {@code --format}
 * or the name's extension; the label is the column {@code --label} names (default the last one)
 * and the features are the columns {@code --features} names (default every other one), all
 * numeric. A string label is a class name (classes in {@code --classes} order, else sorted); a
 * numeric one is a class index when the network has several outputs and the target itself when
 * it has one. The rows are collected to the driver, split as {@code training.validationSplit}
 * and {@code testSplit} say, and trained with {@code training.distributed.algorithm} over {@code
 * --partitions} (else {@code training.distributed.partitions}, else Spark's default
 * parallelism). Every path goes through Hadoop's {@code FileSystem} API ({@code hdfs://}, {@code
 * s3a://}, {@code file:} or local); OUT is written to a temporary file beside it and renamed, and
 * is refused when it names the configuration or the data.
 *
 * <p>Checkpoints: with {@code training.checkpoint: {file, every}} (or {@code --checkpoint FILE},
 * every {@code training.checkpoint.every} epochs, default 1) the driver writes the model and the
 * trainer's state after every {@code every} epochs, replacing the file the same way. {@code
 * --resume FILE} continues such a checkpoint of the same configuration on the same data; with
 * ordered summing the result equals the uninterrupted run's bit for bit.
 *
 * <p>Exit codes: 0 done; 2 a user's mistake (arguments, a missing file, a configuration error
 * with its file, line and column, a missing or mistyped column, a checkpoint that does not fit),
 * reported in one line without a stack trace; 3 the model or a checkpoint cannot be written; 1
 * anything else.
 */
public final class TrainMain {

  /** The exit code of a user's mistake. */
  static final int USER_ERROR = 2;
  /** The exit code when the output cannot be written. */
  static final int OUTPUT_ERROR = 3;
  /** The exit code of anything else. */
  static final int INTERNAL_ERROR = 1;

  private static final String USAGE = "usage: TrainMain CONFIG DATA OUT [--format csv|parquet]"
      + " [--features a,b,c] [--label column] [--no-header] [--classes a,b,c] [--partitions N]"
      + " [--checkpoint FILE] [--resume FILE]";

  private TrainMain() {}

  /**
   * Runs the training in the Spark session that {@code spark-submit} set up, and exits with a
   * non-zero code on failure.
   *
   * @param args CONFIG DATA OUT and options; see the class description
   */
  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (UserError e) {
      System.err.println("nn4j: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(USER_ERROR);
      return;
    }
    SparkSession session = SparkSession.builder().appName("nn4j train " + options.config())
        .getOrCreate();
    int code;
    try {
      code = run(options, session, System.out, System.err, List.of());
    } finally {
      session.stop();
    }
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Trains as {@link #main} does, in a given session, reporting to the given streams.
   *
   * @param extra listeners after the checkpoint writer (tests stop a run with one)
   * @return the exit code
   */
  static int run(Options options, SparkSession session, PrintStream out, PrintStream err,
      List<TrainingListener> extra) {
    try {
      Model model = train(options, session, out, extra);
      HadoopFiles files = new HadoopFiles(session.sparkContext().hadoopConfiguration());
      try {
        write(files, model, null, options.out());
      } catch (IOException | NnException e) {
        err.println("nn4j: cannot write the model to " + options.out() + ": " + e.getMessage());
        return OUTPUT_ERROR;
      }
      out.println("nn4j: wrote " + options.out());
      return 0;
    } catch (UserError | NnException e) {
      err.println("nn4j: " + e.getMessage());
      return USER_ERROR;
    } catch (OutputError e) {
      err.println("nn4j: " + e.getMessage());
      return OUTPUT_ERROR;
    } catch (Exception e) { // also Spark's checked SparkException, which Scala code throws
      err.println("nn4j: training failed: " + e);
      return INTERNAL_ERROR;
    }
  }

  /** Reads the configuration and the data, and trains. */
  private static Model train(Options options, SparkSession session, PrintStream out,
      List<TrainingListener> extra) {
    HadoopFiles files = new HadoopFiles(session.sparkContext().hadoopConfiguration());
    refuseInputAsOutput(files, options);
    PluginRegistry registry = PluginRegistry.discover();
    ConfigLimits limits = ConfigLimits.fromSystemProperties();
    ModelSpec spec = new ConfigReader(registry, limits).readWithoutData(
        readConfig(files, options.config(), limits), options.config());
    if (!files.exists(options.data())) {
      throw new UserError(options.data() + ": no such file");
    }
    Network fresh = spec.network().build(registry);
    Samples samples = samples(session, options, fresh.inputs(), fresh.outputs());

    JavaSparkContext spark = JavaSparkContext.fromSparkContext(session.sparkContext());
    DistributedSpec distributed = spec.training().distributed();
    int partitions = options.partitions() > 0 ? options.partitions()
        : distributed != null && distributed.partitions() > 0 ? distributed.partitions()
        : spark.defaultParallelism();
    String algorithm = distributed == null ? "sync" : distributed.algorithm();
    Trainer trainer = Trainer.builder(registry).loss(spec.loss()).optimizer(spec.optimizer())
        .options(spec.training().options()).schedule(spec.training().schedule())
        .gradientStrategy(strategy(algorithm, spark, spec, partitions)).build();

    Network network = fresh;
    if (options.resume() != null) {
      Checkpoint checkpoint = readCheckpoint(files, options.resume(), registry);
      network = matching(checkpoint.model().network(), fresh, options.resume());
      trainer.resume(checkpoint.state());
      out.println("nn4j: resuming " + options.resume() + " after epoch "
          + checkpoint.state().epoch() + (checkpoint.state().batch() > 0 ? " (part)" : ""));
    }
    Dataset all = new Dataset(samples.features(), samples.targets());
    Splits splits = Splits.of(all, spec.training().validationSplit(),
        spec.training().testSplit(), spec.training().options().seed(),
        spec.training().options().shuffle());
    Map<String, Object> provenance = new LinkedHashMap<>(
        Provenance.of(network, registry, spec.loss(), splits.train()));
    provenance.put("trainer", "nn-spark " + algorithm + ", " + partitions + " partitions");
    Model model = Model.builder(network).name(spec.name())
        .scaler(Scaler.fit("none", samples.features())).classes(samples.classes())
        .loss(spec.loss()).config(spec.text()).provenance(provenance).build();

    List<TrainingListener> listeners = new ArrayList<>();
    String checkpointFile = checkpointFile(spec, options);
    if (checkpointFile != null) {
      CheckpointSpec configured = spec.training().checkpoint();
      int every = configured == null ? 1 : configured.every();
      listeners.add(new TrainingListener() {
        @Override
        public void onEpochEnd(EpochResult epoch) {
          if (epoch.epoch() % every == 0) {
            try {
              write(files, model, trainer, checkpointFile);
            } catch (IOException | NnException e) {
              throw new OutputError("cannot write the checkpoint " + checkpointFile + ": "
                  + e.getMessage());
            }
          }
        }
      });
    }
    listeners.add(new TrainingListener() {
      @Override
      public void onEpochEnd(EpochResult epoch) {
        out.println("nn4j: epoch " + epoch.epoch() + " " + epoch.metrics());
      }
    });
    listeners.addAll(extra);
    TrainingHistory history = trainer.fit(network, splits.train(), splits.validation(),
        listeners);
    if (history.stoppedEarly()) {
      out.println("nn4j: stopped early; kept the weights of epoch " + history.bestEpoch());
    }
    return model;
  }

  /** The strategy of {@code training.distributed.algorithm}. */
  private static GradientStrategy.Factory strategy(String algorithm, JavaSparkContext spark,
      ModelSpec spec, int partitions) {
    if (algorithm.equals("sync")) {
      return new SyncDataParallel(spark, spec.loss(), partitions);
    }
    throw new UserError("training.distributed.algorithm '" + algorithm + "' is not supported by"
        + " TrainMain; valid: " + DistributedSpec.ALGORITHMS);
  }

  /** Where checkpoints go: {@code --checkpoint}, else {@code training.checkpoint.file}. */
  private static String checkpointFile(ModelSpec spec, Options options) {
    if (options.checkpoint() != null) {
      return options.checkpoint();
    }
    CheckpointSpec configured = spec.training().checkpoint();
    return configured == null ? null : configured.file().toString();
  }

  private static void refuseInputAsOutput(HadoopFiles files, Options options) {
    List<String> outputs = new ArrayList<>(List.of(options.out()));
    if (options.checkpoint() != null) {
      outputs.add(options.checkpoint());
    }
    for (String output : outputs) {
      for (String input : new String[] {options.config(), options.data()}) {
        if (files.qualified(output).equals(files.qualified(input))) {
          throw new UserError(output + " is an input (" + input + "); it is never overwritten:"
              + " choose another output file");
        }
      }
    }
  }

  private static String readConfig(HadoopFiles files, String config, ConfigLimits limits) {
    try {
      return files.readText(config, limits.maxDocumentChars() * 4L);
    } catch (FileNotFoundException e) {
      throw new UserError(config + ": no such file");
    } catch (IOException e) {
      throw new UserError(config + ": cannot read the file: " + e.getMessage());
    }
  }

  private static Checkpoint readCheckpoint(HadoopFiles files, String where,
      PluginRegistry registry) {
    java.nio.file.Path dir = null;
    try {
      dir = Files.createTempDirectory("nn4j-resume");
      java.nio.file.Path local = dir.resolve("checkpoint.nn4j");
      files.copyToLocal(where, local);
      try {
        return Checkpoint.load(local, registry);
      } catch (NnException e) {
        throw new UserError(e.getMessage().replace(local.toString(), where));
      } finally {
        Files.deleteIfExists(local);
      }
    } catch (FileNotFoundException e) {
      throw new UserError(where + ": no such file");
    } catch (IOException e) {
      throw new UserError(where + ": cannot read the checkpoint: " + e.getMessage());
    } finally {
      deleteQuietly(dir);
    }
  }

  /** The checkpoint's network, if its parameters have the configuration's names and sizes. */
  private static Network matching(Network saved, Network configured, String where) {
    List<Parameter> a = saved.parameters();
    List<Parameter> b = configured.parameters();
    boolean same = a.size() == b.size();
    for (int i = 0; same && i < a.size(); i++) {
      same = a.get(i).name().equals(b.get(i).name()) && a.get(i).size() == b.get(i).size();
    }
    if (!same || saved.inputs() != configured.inputs()) {
      throw new UserError(where + ": the checkpoint's network does not match the configuration's"
          + " (resume with the configuration it was trained from)");
    }
    return saved;
  }

  /** Writes a model (with the trainer's state: a checkpoint) through a local temporary file. */
  private static void write(HadoopFiles files, Model model, Trainer trainer, String where)
      throws IOException {
    java.nio.file.Path dir = Files.createTempDirectory("nn4j-out");
    try {
      java.nio.file.Path local = dir.resolve("model.nn4j");
      if (trainer == null) {
        ModelFile.save(model, local);
      } else {
        new Checkpoint(model, trainer.state()).save(local);
      }
      files.replaceWith(local, where);
      Files.deleteIfExists(local);
    } finally {
      deleteQuietly(dir);
    }
  }

  private static void deleteQuietly(java.nio.file.Path dir) {
    if (dir == null) {
      return;
    }
    try (var entries = Files.list(dir)) {
      for (java.nio.file.Path p : entries.toList()) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temporary folder left behind is not worth failing the run for
    }
  }

  /** The collected training samples. */
  record Samples(Matrix features, Matrix targets, List<String> classes) {}

  /** Reads the data with Spark, checks the columns, and collects the rows to the driver. */
  private static Samples samples(SparkSession session, Options options, int inputs,
      int outputs) {
    String format = options.format() != null ? options.format() : formatOf(options.data());
    org.apache.spark.sql.Dataset<Row> frame;
    StructType schema;
    try {
      frame = format.equals("parquet")
          ? session.read().parquet(options.data())
          : session.read().option("header", String.valueOf(options.header()))
              .option("inferSchema", "true").csv(options.data());
      schema = frame.schema();
    } catch (Exception e) { // Spark's AnalysisException, or its SparkException (thrown unchecked)
      String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new UserError(options.data() + ": Spark cannot read it as " + format + ": " + why);
    }
    List<String> names = Arrays.asList(schema.fieldNames());
    if (names.isEmpty()) {
      throw new UserError(options.data() + ": no columns");
    }
    String label = options.label() != null ? options.label() : names.get(names.size() - 1);
    Frames.field(schema, label, "label");
    List<String> features = options.features() != null ? options.features()
        : names.stream().filter(n -> !n.equals(label)).toList();
    for (String f : features) {
      DataType type = Frames.field(schema, f, "features").dataType();
      if (!(type instanceof NumericType)) {
        throw new UserError("the features column '" + f + "' of " + options.data() + " is of"
            + " type " + type.simpleString() + "; features must be numeric");
      }
    }
    if (features.size() != inputs) {
      throw new UserError(options.data() + " has " + features.size() + " feature columns "
          + features + " but the network takes " + inputs + " (network.inputs); name them with"
          + " --features");
    }
    DataType labelType = schema.apply(label).dataType();
    boolean named = labelType.equals(DataTypes.StringType);
    if (!named && !(labelType instanceof NumericType)) {
      throw new UserError("the label column '" + label + "' of " + options.data() + " is of type "
          + labelType.simpleString() + "; it must be numeric or a string");
    }
    List<Column> columns = new ArrayList<>();
    for (String f : features) {
      columns.add(functions.col(f).cast(DataTypes.DoubleType));
    }
    columns.add(named ? functions.col(label) : functions.col(label).cast(DataTypes.DoubleType));
    List<Row> rows = frame.select(columns.toArray(new Column[0])).collectAsList();
    if (rows.isEmpty()) {
      throw new UserError(options.data() + " has no rows to train on");
    }
    List<String> classes = named ? classNames(rows, features.size(), options) : List.of();
    float[] x = new float[rows.size() * inputs];
    float[] y = new float[rows.size() * outputs];
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      for (int c = 0; c < inputs; c++) {
        if (row.isNullAt(c)) {
          throw new UserError("row " + (r + 1) + " of " + options.data() + " has no value in"
              + " the column '" + features.get(c) + "'");
        }
        x[r * inputs + c] = (float) row.getDouble(c);
      }
      if (row.isNullAt(inputs)) {
        throw new UserError("row " + (r + 1) + " of " + options.data() + " has no label ('"
            + label + "')");
      }
      double v = named ? classes.indexOf(row.getString(inputs)) : row.getDouble(inputs);
      if (named && v < 0) {
        throw new UserError("row " + (r + 1) + " of " + options.data() + " has the label '"
            + row.getString(inputs) + "', not one of --classes " + classes);
      }
      if (outputs == 1) {
        y[r] = (float) v;
      } else if (v == Math.rint(v) && v >= 0 && v < outputs) {
        y[r * outputs + (int) v] = 1;
      } else {
        throw new UserError("row " + (r + 1) + " of " + options.data() + " has the label " + v
            + " in '" + label + "'; labels must be class indices 0 to " + (outputs - 1)
            + " (the network has " + outputs + " outputs)");
      }
    }
    List<String> modelClasses = classes;
    if (!named && outputs > 1) {
      List<String> numbers = new ArrayList<>();
      for (int c = 0; c < outputs; c++) {
        numbers.add(Integer.toString(c));
      }
      modelClasses = numbers;
    }
    return new Samples(new Matrix(rows.size(), inputs, x), new Matrix(rows.size(), outputs, y),
        modelClasses);
  }

  private static List<String> classNames(List<Row> rows, int at, Options options) {
    if (options.classes() != null) {
      return options.classes();
    }
    TreeSet<String> found = new TreeSet<>();
    for (Row row : rows) {
      if (!row.isNullAt(at)) {
        found.add(row.getString(at));
      }
    }
    return List.copyOf(found);
  }

  private static String formatOf(String data) {
    String name = data.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
    if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
      return "csv";
    }
    if (name.endsWith(".parquet")) {
      return "parquet";
    }
    throw new UserError("cannot tell the format of " + data + " from its name; give --format csv"
        + " or --format parquet");
  }

  /**
   * The command line.
   *
   * @param config the configuration file
   * @param data the data file or folder
   * @param out the model file to write
   * @param format {@code csv}, {@code parquet}, or null to go by the data's extension
   * @param features the feature columns, or null for every column but the label
   * @param label the label column, or null for the last one
   * @param header whether a CSV file has a header line
   * @param classes the class names of a string label in output order, or null for sorted
   * @param partitions Spark tasks per step, or 0 for the configuration's
   * @param checkpoint the checkpoint file, or null for the configuration's
   * @param resume a checkpoint to continue, or null
   */
  record Options(String config, String data, String out, String format, List<String> features,
      String label, boolean header, List<String> classes, int partitions, String checkpoint,
      String resume) {

    static Options parse(String... args) {
      List<String> positional = new ArrayList<>();
      Map<String, String> values = new LinkedHashMap<>();
      boolean header = true;
      List<String> valued = List.of("--format", "--features", "--label", "--classes",
          "--partitions", "--checkpoint", "--resume");
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--no-header")) {
          header = false;
        } else if (valued.contains(a)) {
          if (i + 1 >= args.length) {
            throw new UserError(a + " needs a value");
          }
          values.put(a, args[++i]);
        } else if (a.startsWith("--")) {
          throw new UserError("unknown option " + a + "; valid: " + valued + " and --no-header");
        } else {
          positional.add(a);
        }
      }
      if (positional.size() != 3) {
        throw new UserError("expected CONFIG DATA OUT, got " + positional.size() + " argument"
            + (positional.size() == 1 ? "" : "s"));
      }
      String format = values.get("--format");
      if (format != null && !List.of("csv", "parquet").contains(format)) {
        throw new UserError("--format " + format + ": valid: csv, parquet");
      }
      int partitions = 0;
      if (values.containsKey("--partitions")) {
        try {
          partitions = Integer.parseInt(values.get("--partitions"));
        } catch (NumberFormatException e) {
          partitions = -1;
        }
        if (partitions < 1) {
          throw new UserError("--partitions " + values.get("--partitions")
              + ": must be a whole number of at least 1");
        }
      }
      return new Options(positional.get(0), positional.get(1), positional.get(2), format,
          list(values.get("--features")), values.get("--label"), header,
          list(values.get("--classes")), partitions, values.get("--checkpoint"),
          values.get("--resume"));
    }

    private static List<String> list(String value) {
      return value == null ? null : Arrays.stream(value.split(",")).map(String::trim).toList();
    }
  }

  /** A user's mistake: reported in one line, exit code 2. */
  static final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UserError(String message) {
      super(message);
    }
  }

  /** An output that cannot be written: exit code 3. */
  static final class OutputError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutputError(String message) {
      super(message);
    }
  }
}
