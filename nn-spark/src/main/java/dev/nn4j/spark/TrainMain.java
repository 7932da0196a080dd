package dev.nn4j.spark;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.NnException;
import dev.nn4j.api.Parameter;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.EpochResult;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainerState;
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
 * it has one. With {@code training.distributed.algorithm: sync} the rows are collected to the
 * driver, split as {@code training.validationSplit} and {@code testSplit} say, and trained over
 * {@code --partitions} (else {@code training.distributed.partitions}, else Spark's default
 * parallelism). With {@code average} they are never collected: the feature columns become one
 * array column and the label a number, and parameter averaging trains over the data's
 * partitions (repartitioned to {@code --partitions} or {@code training.distributed.partitions}
 * when given), as the estimators do; validation and test splits and early stopping, which need
 * held-out rows on the driver, are refused with exit code 2. Every path goes through Hadoop's {@code FileSystem} API ({@code hdfs://}, {@code
 * s3a://}, {@code file:} or local); OUT is written to a temporary file beside it and renamed, and
 * is refused when it names the configuration or the data.
 *
 * <p>Checkpoints: with {@code training.checkpoint: {file, every}} (or {@code --checkpoint FILE},
 * every {@code training.checkpoint.every} epochs, default 1) the driver writes the model and the
 * trainer's state after every {@code every} epochs, replacing the file the same way. {@code
 * --resume FILE} continues such a checkpoint of the same configuration on the same data; with
 * ordered summing the result equals the uninterrupted run's bit for bit. Under {@code average}
 * the checkpoint is written at the end of the round in which the epoch ends (the averaged
 * weights, the optimizer state and the steps taken), and a resumed run takes the same rounds, so
 * it too equals the uninterrupted run bit for bit; a checkpoint of the other algorithm, or of
 * other partitions, {@code localSteps} or {@code warmupSteps}, is refused.
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
    DistributedSpec distributed = spec.training().distributed() != null
        ? spec.training().distributed() : DistributedSpec.sync(0);
    if (distributed.averaging()) {
      refuseUnderAveraging(spec, options);
    }
    Source source = source(session, options, fresh.inputs());
    List<String> classes = source.named() ? classes(source, options, fresh.outputs())
        : List.of();

    JavaSparkContext spark = JavaSparkContext.fromSparkContext(session.sparkContext());
    int configured = options.partitions() > 0 ? options.partitions() : distributed.partitions();
    org.apache.spark.sql.Dataset<?> parted = null;
    String trainer;
    if (distributed.averaging()) {
      parted = Fitting.partitioned(assembled(source, classes), configured);
      trainer = Fitting.averageTrainer(distributed, parted.rdd().getNumPartitions());
    } else {
      trainer = "nn-spark sync, " + (configured > 0 ? configured : spark.defaultParallelism())
          + " partitions";
    }

    Network network = fresh;
    Checkpoint checkpoint = null;
    if (options.resume() != null) {
      checkpoint = readCheckpoint(files, options.resume(), registry);
      network = matching(checkpoint.model().network(), fresh, options.resume());
      sameTrainer(checkpoint, trainer, options.resume());
      out.println("nn4j: resuming " + options.resume() + " after epoch "
          + checkpoint.state().epoch() + (checkpoint.state().batch() > 0 ? " (part)" : ""));
    }
    String checkpointFile = checkpointFile(spec, options);
    CheckpointSpec checkpointSpec = spec.training().checkpoint();
    int every = checkpointSpec == null ? 1 : checkpointSpec.every();
    if (distributed.averaging()) {
      TrainerState from = checkpoint == null ? TrainerState.START : checkpoint.state();
      Model model = model(spec, registry, network, modelClasses(source, classes,
          fresh.outputs()), null, trainer);
      Fitting.average(parted, registry, spec, distributed, FEATURES, source.label(),
          targets(source, fresh.outputs()), network, from.step(), from.optimizer(),
          new EpochEnds(files, model, checkpointFile, every, out, extra));
      return model;
    }

    Samples samples = collect(source, options, classes, fresh.inputs(), fresh.outputs());
    Trainer sync = Trainer.builder(registry).loss(spec.loss()).optimizer(spec.optimizer())
        .options(spec.training().options()).schedule(spec.training().schedule())
        .gradientStrategy(new SyncDataParallel(spark, spec.loss(), configured > 0 ? configured
            : spark.defaultParallelism())).build();
    if (checkpoint != null) {
      sync.resume(checkpoint.state());
    }
    Dataset all = new Dataset(samples.features(), samples.targets());
    Splits splits = Splits.of(all, spec.training().validationSplit(),
        spec.training().testSplit(), spec.training().options().seed(),
        spec.training().options().shuffle());
    Model model = model(spec, registry, network, samples.classes(), splits.train(), trainer);

    List<TrainingListener> listeners = new ArrayList<>();
    if (checkpointFile != null) {
      listeners.add(new TrainingListener() {
        @Override
        public void onEpochEnd(EpochResult epoch) {
          if (epoch.epoch() % every == 0) {
            writeCheckpoint(files, model, sync.state(), checkpointFile);
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
    TrainingHistory history = sync.fit(network, splits.train(), splits.validation(), listeners);
    if (history.stoppedEarly()) {
      out.println("nn4j: stopped early; kept the weights of epoch " + history.bestEpoch());
    }
    return model;
  }

  /** The model around the network being trained (a checkpoint writes its current weights). */
  private static Model model(ModelSpec spec, PluginRegistry registry, Network network,
      List<String> classes, Dataset data, String trainer) {
    Map<String, Object> provenance = new LinkedHashMap<>(
        Provenance.of(network, registry, spec.loss(), data));
    provenance.put("trainer", trainer);
    return Model.builder(network).name(spec.name()).scaler(Scaler.identity(network.inputs()))
        .classes(classes).loss(spec.loss()).config(spec.text()).provenance(provenance).build();
  }

  /**
   * Under {@code average} the rows stay on the executors, where the trainer's validation and test
   * splits and early stopping (which measure held-out rows on the driver) cannot be drawn: they
   * are refused, not ignored.
   */
  private static void refuseUnderAveraging(ModelSpec spec, Options options) {
    List<String> refused = new ArrayList<>();
    if (spec.training().validationSplit() > 0) {
      refused.add("training.validationSplit");
    }
    if (spec.training().testSplit() > 0) {
      refused.add("training.testSplit");
    }
    if (spec.training().options().earlyStopping() != null) {
      refused.add("training.earlyStopping");
    }
    if (!refused.isEmpty()) {
      throw new UserError(options.config() + ": " + String.join(", ", refused) + ": not"
          + " supported with training.distributed.algorithm: average, whose rows stay on the"
          + " executors; remove " + (refused.size() == 1 ? "it" : "them") + " (evaluate the"
          + " model with nn4j evaluate) or use algorithm: sync");
    }
  }

  /**
   * Refuses a checkpoint of another algorithm, and under {@code average} one of other
   * partitions, {@code localSteps} or {@code warmupSteps}: its step count would mean other
   * rounds. A checkpoint without a trainer (not written by TrainMain) resumes only sync.
   */
  private static void sameTrainer(Checkpoint checkpoint, String trainer, String where) {
    Object saved = checkpoint.model().provenance().get("trainer");
    boolean averaging = trainer.startsWith("nn-spark average");
    boolean same = averaging ? trainer.equals(saved)
        : saved == null || String.valueOf(saved).startsWith("nn-spark sync");
    if (!same) {
      throw new UserError(where + ": the checkpoint was written by "
          + (saved == null ? "another trainer" : "'" + saved + "'") + " but this run is '"
          + trainer + "'; resume with the algorithm, partitions, localSteps and warmupSteps it"
          + " was written with");
    }
  }

  /**
   * After each averaging round: at each epoch's end the epoch's mean training loss is printed,
   * every {@code every} epochs the checkpoint written (the model and the steps taken and
   * optimizer state, at the round's end, from which a resumed run takes the same rounds), and
   * the extra listeners told.
   */
  private static final class EpochEnds implements ParameterAveraging.Rounds {
    private final HadoopFiles files;
    private final Model model;
    private final String checkpointFile;
    private final int every;
    private final PrintStream out;
    private final List<TrainingListener> extra;
    private double lossSum;
    private long rows;

    EpochEnds(HadoopFiles files, Model model, String checkpointFile, int every, PrintStream out,
        List<TrainingListener> extra) {
      this.files = files;
      this.model = model;
      this.checkpointFile = checkpointFile;
      this.every = every;
      this.out = out;
      this.extra = extra;
    }

    @Override
    public void ended(ParameterAveraging.RoundEnd end) {
      lossSum += end.lossSum();
      rows += end.rows();
      long before = end.from() / end.perEpoch();
      int epoch = (int) (end.done() / end.perEpoch());
      if (epoch == before) {
        return; // still inside an epoch
      }
      if (checkpointFile != null && epoch / every > before / every) {
        writeCheckpoint(files, model, new TrainerState(epoch,
            (int) (end.done() % end.perEpoch()), end.done(), end.optimizer()), checkpointFile);
      }
      EpochResult result = new EpochResult(epoch, Map.of("loss", lossSum / rows));
      lossSum = 0;
      rows = 0;
      out.println("nn4j: epoch " + epoch + " " + result.metrics());
      for (TrainingListener listener : extra) {
        listener.onEpochEnd(result);
      }
    }
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

  /** Writes a model (with a trainer's state: a checkpoint) through a local temporary file. */
  private static void write(HadoopFiles files, Model model, TrainerState state, String where)
      throws IOException {
    java.nio.file.Path dir = Files.createTempDirectory("nn4j-out");
    try {
      java.nio.file.Path local = dir.resolve("model.nn4j");
      if (state == null) {
        ModelFile.save(model, local);
      } else {
        new Checkpoint(model, state).save(local);
      }
      files.replaceWith(local, where);
      Files.deleteIfExists(local);
    } finally {
      deleteQuietly(dir);
    }
  }

  /** Writes a checkpoint; a failure stops the run (exit code 3). */
  private static void writeCheckpoint(HadoopFiles files, Model model, TrainerState state,
      String where) {
    try {
      write(files, model, state, where);
    } catch (IOException | NnException e) {
      throw new OutputError("cannot write the checkpoint " + where + ": " + e.getMessage());
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

  /** The features column that {@code average}'s assembled frame has (named in its errors). */
  private static final String FEATURES = "features";

  /**
   * The data as Spark reads it, with its columns checked.
   *
   * @param frame the rows as read
   * @param features the feature columns, numeric, as many as the network's inputs
   * @param label the label column
   * @param named whether the label is a string (a class name)
   */
  record Source(org.apache.spark.sql.Dataset<Row> frame, List<String> features, String label,
      boolean named) {}

  /** The collected training samples. */
  record Samples(Matrix features, Matrix targets, List<String> classes) {}

  /** Reads the data with Spark and checks the columns; reads no rows. */
  private static Source source(SparkSession session, Options options, int inputs) {
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
    return new Source(frame, features, label, named);
  }

  /**
   * The class names of a string label in output order, one per output: {@code --classes},
   * checked to hold every label of the data, else the labels found, sorted. Spark finds the
   * distinct labels (at most one more than the network has outputs); the rows stay where they
   * are.
   */
  private static List<String> classes(Source source, Options options, int outputs) {
    String where = "the label column '" + source.label() + "' of " + options.data();
    if (outputs == 1) {
      throw new UserError(where + " holds class names but the network has one output; give it"
          + " one output per class");
    }
    Column label = functions.col(source.label());
    org.apache.spark.sql.Dataset<Row> labels = source.frame().select(label)
        .where(label.isNotNull()).distinct();
    if (options.classes() != null) {
      if (options.classes().size() != outputs) {
        throw new UserError("--classes names " + options.classes().size() + " classes but the"
            + " network has " + outputs + " outputs; name one class per output");
      }
      List<Row> other = labels.where(functions.not(label.isin(options.classes().toArray())))
          .limit(1).collectAsList();
      if (!other.isEmpty()) {
        throw new UserError(where + " has the label '" + other.get(0).getString(0)
            + "', not one of --classes " + options.classes());
      }
      return options.classes();
    }
    TreeSet<String> found = new TreeSet<>();
    labels.limit(outputs + 1).collectAsList().forEach(row -> found.add(row.getString(0)));
    if (found.size() != outputs) {
      throw new UserError(where + " has " + (found.size() > outputs ? "more than " + outputs
          : found.size() + " labels " + found) + " but the network has " + outputs + " outputs;"
          + " name one class per output with --classes");
    }
    return List.copyOf(found);
  }

  /** The model's class names: a string label's, else 0 to k−1 with k outputs, else none. */
  private static List<String> modelClasses(Source source, List<String> classes, int outputs) {
    if (source.named() || outputs == 1) {
      return classes;
    }
    List<String> numbers = new ArrayList<>();
    for (int c = 0; c < outputs; c++) {
      numbers.add(Integer.toString(c));
    }
    return numbers;
  }

  /**
   * The data as {@link Frames#blocks} reads it: the feature columns as one array column {@link
   * #FEATURES}, and the label as a number (a string label as its index in {@code classes}; a
   * missing one stays null, which the blocks report with its row).
   */
  private static org.apache.spark.sql.Dataset<Row> assembled(Source source,
      List<String> classes) {
    Column[] features = source.features().stream()
        .map(f -> functions.col(f).cast(DataTypes.DoubleType)).toArray(Column[]::new);
    Column label = functions.col(source.label());
    if (source.named()) {
      Column names = functions.array(classes.stream().map(functions::lit).toArray(Column[]::new));
      label = functions.array_position(names, label).minus(1);
    }
    return source.frame().select(functions.array(features).alias(FEATURES),
        label.cast(DataTypes.DoubleType).alias(source.label()));
  }

  /** How {@code average}'s blocks encode a label: a class index, or the target itself. */
  private static Targets targets(Source source, int outputs) {
    return source.named() || outputs > 1 ? new Targets.Classes(source.label(), outputs)
        : new Targets.Values(source.label());
  }

  /** Collects the rows to the driver (for {@code sync}), checking each. */
  private static Samples collect(Source source, Options options, List<String> classes,
      int inputs, int outputs) {
    List<String> features = source.features();
    String label = source.label();
    boolean named = source.named();
    List<Column> columns = new ArrayList<>();
    for (String f : features) {
      columns.add(functions.col(f).cast(DataTypes.DoubleType));
    }
    columns.add(named ? functions.col(label) : functions.col(label).cast(DataTypes.DoubleType));
    List<Row> rows = source.frame().select(columns.toArray(new Column[0])).collectAsList();
    if (rows.isEmpty()) {
      throw new UserError(options.data() + " has no rows to train on");
    }
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
    return new Samples(new Matrix(rows.size(), inputs, x), new Matrix(rows.size(), outputs, y),
        modelClasses(source, classes, outputs));
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
