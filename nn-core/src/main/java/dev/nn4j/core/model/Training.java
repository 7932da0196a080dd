package dev.nn4j.core.model;

import dev.nn4j.api.NnException;
import dev.nn4j.api.spi.Backend;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.EpochResult;
import dev.nn4j.core.Evaluation;
import dev.nn4j.core.LayerNode;
import dev.nn4j.core.Metrics;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingHistory;
import dev.nn4j.core.TrainingListener;
import dev.nn4j.core.config.CheckpointSpec;
import dev.nn4j.core.config.LayerSpec;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.data.CsvReader;
import dev.nn4j.core.data.DataLoader;
import dev.nn4j.core.data.Scaler;
import dev.nn4j.core.data.Splits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Trains a model end to end: splits the raw data, fits the scaling on the training split, builds
 * the network (or takes the one given, or a checkpoint's), trains it (measuring the validation
 * split after each epoch, stopping early and writing checkpoints as configured) and evaluates it
 * on the test split. One code path for every source of data: a configuration's {@code data}
 * section is read into raw splits and trained through the same {@link Builder} an application
 * uses with its own {@link Dataset}s.
 *
 * <pre>{@code
 * Training.Result r = Training.builder(spec, registry)   // or builder(network, trainerBuilder)
 *     .data(samples)            // raw; split as the spec's training section says
 *     .validation(heldOut)      // optional, raw
 *     .listeners(List.of(progress))
 *     .run();
 * r.model().classify(newSamples);   // raw samples again: the model scales them
 * }</pre>
 *
 * <p>Thread-safety: one instance runs one training; {@link #requestStop()} may be called from
 * any thread (a Ctrl-C handler, say).
 */
public final class Training {

  private final PluginRegistry registry;
  private final PluginSpec loss;
  private final Splits raw;
  private final Splits scaled;
  private final Network network;
  private final Trainer trainer;
  private final Model model;
  private final Path checkpointFile;
  private final int checkpointEvery;
  private final List<TrainingListener> listeners;

  /**
   * Prepares a training run of a configuration, on the data its {@code data} section names;
   * the same as {@code builder(spec, registry).resumeFrom(resumeFrom).checkpoint(...).build()}.
   *
   * @param spec the specification; it must have a {@code data} section
   * @param registry the installed plugins
   * @param resumeFrom a checkpoint of the same configuration to continue from, or null to start
   * @param checkpointFile where to write checkpoints (every {@code training.checkpoint.every}
   *     epochs, and when stopped by {@link #requestStop()}); null for the configured file, if any
   * @throws NnException if the checkpoint's network does not match the configuration, or the
   *     specification has no data
   */
  public Training(ModelSpec spec, PluginRegistry registry, Checkpoint resumeFrom,
      Path checkpointFile) {
    this(builder(spec, registry).resumeFrom(resumeFrom).checkpointFile(checkpointFile));
  }

  private Training(Builder b) {
    Trainer.Builder trainerBuilder = b.trainer;
    this.registry = trainerBuilder.registry();
    this.loss = trainerBuilder.lossSpec();
    Splits rawSplits = b.splits();
    this.raw = rawSplits;
    Scaler scaler = b.scaler != null ? b.scaler : Scaler.fit(b.scaling,
        rawSplits.train().features(), b.csv == null ? new int[0] : b.csv.categoricalInputs());
    this.scaled = rawSplits.scaled(scaler);
    Network fresh = b.network != null ? b.network
        : Network.build(b.spec.network(), registry, b.backend);
    String source = b.resumeSource != null ? b.resumeSource : "the checkpoint";
    this.network = b.resumeFrom == null ? fresh
        : matching(b.resumeFrom.model().network(), fresh, source);
    requireOutputsFit(b.classes, network.outputs(), b.spec);
    this.trainer = trainerBuilder.build();
    if (b.resumeFrom != null) {
      ResumeCheck.require(b.resumeFrom, source, b.spec, registry,
          trainerBuilder.trainingOptions(), scaled.train().size());
      try {
        trainer.resume(b.resumeFrom.state());
      } catch (IllegalArgumentException e) {
        throw new NnException(source + ": trainer.json: its optimizer state does not fit the "
            + "configured optimizer: " + e.getMessage());
      }
    }
    this.model = Model.builder(network).name(b.name).scaler(scaler).classes(b.classes).loss(loss)
        .csv(b.csv == null ? null : b.csv.withClasses(b.classes)).config(b.config)
        .provenance(Provenance.of(network, registry, loss, scaled.train())).build();
    this.checkpointFile = b.checkpointFile;
    this.checkpointEvery = b.checkpointEvery;
    this.listeners = List.copyOf(b.listeners);
  }

  /**
   * Requires one output per class, before anything is trained: a configuration's mistake is
   * reported at the last layer's {@code units}. Class names are shown only when the
   * configuration lists them ({@code data.classes}), never read from a data file (which a
   * configuration may point anywhere; see docs/security.md).
   */
  private static void requireOutputsFit(List<String> classes, int outputs, ModelSpec spec) {
    if (classes.isEmpty() || classes.size() == outputs) {
      return;
    }
    if (spec == null || spec.network().outputsLocation() == null) {
      throw new NnException(classes.size() + " classes for a network of " + outputs
          + " outputs; give the last layer one output per class");
    }
    boolean named = spec.data() != null && !spec.data().classes().isEmpty();
    String what = named ? "data.classes lists " + classes.size() + " classes ("
        + String.join(", ", classes) + ")" : "the data has " + classes.size() + " classes";
    throw spec.network().outputsLocation().error(what + " but the last layer has " + outputs
        + " output" + (outputs == 1 ? "" : "s") + "; make it " + classes.size());
  }

  /**
   * Starts a training of a configuration: its network, loss, optimizer, training options
   * (early stopping, metrics, seed), splits, schedule and checkpoints, and, unless {@link
   * Builder#data} or {@link Builder#splits} gives other data, the samples of its {@code data}
   * section.
   *
   * @param spec the specification, as {@link dev.nn4j.core.config.ConfigReader} reads it
   * @param registry the installed plugins
   * @return the builder
   */
  public static Builder builder(ModelSpec spec, PluginRegistry registry) {
    return builder(spec, Trainer.builder(registry));
  }

  /**
   * As {@link #builder(ModelSpec, PluginRegistry)}, training with a trainer builder that carries
   * listeners already (the one {@link dev.nn4j.core.NnModule} provides); the configuration's
   * loss, optimizer, options and schedule replace what it has of those.
   *
   * @param spec the specification
   * @param trainer the trainer builder; changed by this call
   * @return the builder
   */
  public static Builder builder(ModelSpec spec, Trainer.Builder trainer) {
    trainer.loss(spec.loss()).optimizer(spec.optimizer()).options(spec.training().options())
        .schedule(spec.training().schedule());
    return new Builder(spec, null, trainer);
  }

  /**
   * Starts a training of a network built in code, by a trainer built in code: {@code
   * Trainer.builder(registry).loss(...).optimizer(...).epochs(...)}, not yet built (the training
   * builds it, and keeps its loss for the model). Nothing is held out and nothing is scaled
   * unless the builder says so.
   *
   * @param network the network to train, updated in place
   * @param trainer the trainer's builder
   * @return the builder
   */
  public static Builder builder(Network network, Trainer.Builder trainer) {
    return new Builder(null, Objects.requireNonNull(network, "network"), trainer);
  }

  /**
   * What one training run produced. The splits are <em>raw</em>, as given or read: pass them
   * to {@link Model#predict}, {@link Model#classify} or {@link Model#evaluate}, which scale
   * them, never to {@link Network#predict}.
   *
   * @param model the trained model, ready to save
   * @param history the metrics of each epoch
   * @param rawSplits the samples it was trained, validated and tested on, not scaled
   * @param test the evaluation on the test split, or null if there is none
   * @param testMetrics the configured metrics on the test split (empty if there is none)
   * @param checkpoint the checkpoint written last, or null
   */
  public record Result(Model model, TrainingHistory history, Splits rawSplits, Evaluation test,
      Map<String, Double> testMetrics, Path checkpoint) {}

  /**
   * Runs the training a specification describes from the start, on its {@code data} section.
   *
   * @param spec the specification
   * @param registry the installed plugins
   * @param listeners notified as training goes
   * @return the model, its history and its test evaluation
   */
  public static Result run(ModelSpec spec, PluginRegistry registry,
      List<? extends TrainingListener> listeners) {
    return builder(spec, registry).listeners(listeners).run();
  }

  /**
   * Runs the training a specification describes from the start, on the application's samples
   * instead of its {@code data} section: split as its training section says, scaled as its data
   * section says (none if it has none).
   *
   * @param spec the specification
   * @param registry the installed plugins
   * @param data every sample, raw
   * @param listeners notified as training goes
   * @return the model, its history and its test evaluation
   */
  public static Result run(ModelSpec spec, PluginRegistry registry, Dataset data,
      List<? extends TrainingListener> listeners) {
    return builder(spec, registry).data(data).listeners(listeners).run();
  }

  /**
   * Trains, then evaluates on the test split. When stopped by {@link #requestStop()}, writes a
   * checkpoint (if there is a checkpoint file) and returns without evaluating.
   *
   * @param runListeners notified as training goes, after the builder's listeners
   * @return the model, its history and its test evaluation
   */
  public Result run(List<? extends TrainingListener> runListeners) {
    List<TrainingListener> all = new ArrayList<>(listeners);
    all.addAll(runListeners);
    Path[] written = new Path[1];
    if (checkpointFile != null && checkpointEvery > 0) {
      all.add(new TrainingListener() {
        @Override
        public void onEpochEnd(EpochResult epoch) {
          if (epoch.epoch() % checkpointEvery == 0) {
            written[0] = writeCheckpoint();
          }
        }
      });
    }
    TrainingHistory history = trainer.fit(network, scaled.train(), scaled.validation(), all);
    if (history.interrupted()) {
      if (checkpointFile != null) {
        written[0] = writeCheckpoint();
      }
      return new Result(model, history, raw, null, Map.of(), written[0]);
    }
    Evaluation test = null;
    Map<String, Double> testMetrics = Map.of();
    if (scaled.test() != null) {
      Loss testLoss = registry.newLoss(loss);
      test = Evaluation.of(network, testLoss, scaled.test());
      testMetrics = Metrics.compute(registry, trainer.options().metrics(), testLoss,
          network.predict(scaled.test().features()), scaled.test().targets());
    }
    return new Result(model, history, raw, test, testMetrics, written[0]);
  }

  /** Runs with the builder's listeners only; see {@link #run(List)}. */
  public Result run() {
    return run(List.of());
  }

  /** Asks the training to stop after the batch in progress and write a checkpoint. */
  public void requestStop() {
    trainer.requestStop();
  }

  /** Returns the model being trained: its network is updated in place as training goes. */
  public Model model() {
    return model;
  }

  private Path writeCheckpoint() {
    new Checkpoint(model, trainer.state()).save(checkpointFile);
    return checkpointFile;
  }

  /** Returns the checkpoint's network if its layers match the configuration's. */
  private static Network matching(Network saved, Network configured, String source) {
    List<LayerNode> a = saved.layers();
    List<LayerNode> b = configured.layers();
    boolean same = saved.inputShape().equals(configured.inputShape()) && a.size() == b.size();
    for (int l = 0; same && l < a.size(); l++) {
      LayerSpec x = a.get(l).spec();
      LayerSpec y = b.get(l).spec();
      same = x.type().equals(y.type()) && Objects.equals(x.name(), y.name())
          && x.inputs().equals(y.inputs())
          && Objects.equals(x.activation(), y.activation())
          && x.regularization().equals(y.regularization())
          && a.get(l).shape().equals(b.get(l).shape());
    }
    if (!same) {
      throw new NnException(source + ": the checkpoint's network " + saved + " does not match "
          + "the configuration's " + configured + "; resume with the configuration it was saved "
          + "from");
    }
    return saved;
  }

  /**
   * Says what to train on and how; {@link #run()} or {@link #build()} when done. Data is always
   * raw: the training fits the scaling on the training split and the model it returns applies it.
   * Not thread-safe.
   */
  public static final class Builder {
    private final ModelSpec spec;
    private final Network network;
    private final Trainer.Builder trainer;
    private Dataset data;
    private Dataset validation;
    private Dataset test;
    private Splits splits;
    private double validationSplit;
    private double testSplit;
    private String scaling = "none";
    private Scaler scaler;
    private List<String> classes = List.of();
    private CsvReader csv;
    private String name = "model";
    private String config;
    private Checkpoint resumeFrom;
    private String resumeSource;
    private Path checkpointFile;
    private int checkpointEvery;
    private Backend backend;
    private final List<TrainingListener> listeners = new ArrayList<>();

    private Builder(ModelSpec spec, Network network, Trainer.Builder trainer) {
      this.spec = spec;
      this.network = network;
      this.trainer = Objects.requireNonNull(trainer, "trainer");
      if (spec != null) {
        name = spec.name();
        config = spec.text();
        validationSplit = spec.training().validationSplit();
        testSplit = spec.training().testSplit();
        if (spec.data() != null) {
          scaling = spec.data().scaling();
          classes = spec.data().classes();
          csv = DataLoader.csvReader(spec.data());
        }
        CheckpointSpec configured = spec.training().checkpoint();
        if (configured != null) {
          checkpointFile = configured.file();
          checkpointEvery = configured.every();
        }
      }
    }

    /**
     * Trains on these samples, raw: every sample, from which the validation and test fractions
     * ({@link #holdOut}, by default the spec's {@code validationSplit} and {@code testSplit}) are
     * held out with the trainer's seed, unless {@link #validation} or {@link #test} gives them.
     *
     * @param samples the samples, not scaled
     * @return this
     */
    public Builder data(Dataset samples) {
      this.data = Objects.requireNonNull(samples, "data");
      return this;
    }

    /** Validates on these raw samples after each epoch, instead of a fraction of {@link #data}. */
    public Builder validation(Dataset samples) {
      this.validation = samples;
      return this;
    }

    /** Tests on these raw samples at the end, instead of a fraction of {@link #data}. */
    public Builder test(Dataset samples) {
      this.test = samples;
      return this;
    }

    /**
     * Trains, validates and tests on these raw splits as they are: nothing more is held out.
     *
     * @param rawSplits training, validation (or null) and test (or null) samples, not scaled
     * @return this
     */
    public Builder splits(Splits rawSplits) {
      this.splits = Objects.requireNonNull(rawSplits, "splits");
      return this;
    }

    /**
     * Sets the fractions of {@link #data} held out for validation and test; default the spec's,
     * or none for a network built in code.
     */
    public Builder holdOut(double validationFraction, double testFraction) {
      this.validationSplit = validationFraction;
      this.testSplit = testFraction;
      return this;
    }

    /**
     * Sets the scaling fitted on the training split: {@code none}, {@code standard} or {@code
     * minmax}; default the spec's data section's, else {@code none}.
     */
    public Builder scaling(String kind) {
      if (!Scaler.KINDS.contains(kind)) {
        throw new IllegalArgumentException("unknown scaling '" + kind + "'; valid: "
            + Scaler.KINDS);
      }
      this.scaling = kind;
      this.scaler = null;
      return this;
    }

    /** Uses this scaling as it is, instead of fitting one (to retrain a model on more data). */
    public Builder scaler(Scaler fixed) {
      this.scaler = fixed;
      return this;
    }

    /** Sets the class names in output order; default the spec's data's, else none. */
    public Builder classes(List<String> names) {
      this.classes = List.copyOf(names);
      return this;
    }

    /** Sets the model's name; default the spec's, else {@code model}. */
    public Builder name(String modelName) {
      this.name = Objects.requireNonNull(modelName, "name");
      return this;
    }

    /** Adds listeners notified as training goes (after the trainer's own). */
    public Builder listeners(Collection<? extends TrainingListener> trainingListeners) {
      listeners.addAll(trainingListeners);
      return this;
    }

    /** Adds listeners notified as training goes (after the trainer's own). */
    public Builder listeners(TrainingListener... trainingListeners) {
      return listeners(List.of(trainingListeners));
    }

    /**
     * Writes a checkpoint every {@code every} epochs, and when stopped by {@link
     * Training#requestStop()}; default the spec's {@code training.checkpoint}, else none.
     *
     * @param file the checkpoint file, replaced atomically each time
     * @param every epochs between checkpoints, at least 1
     * @return this
     */
    public Builder checkpoint(Path file, int every) {
      if (every < 1) {
        throw new IllegalArgumentException("checkpoint every must be at least 1, was " + every);
      }
      this.checkpointFile = Objects.requireNonNull(file, "file");
      this.checkpointEvery = every;
      return this;
    }

    /**
     * Writes checkpoints to this file instead of the configured one (at the configured period,
     * and when stopped); null keeps the configured one.
     */
    public Builder checkpointFile(Path file) {
      if (file != null) {
        this.checkpointFile = file;
      }
      return this;
    }

    /**
     * Continues from a checkpoint of the same configuration; null to start afresh. {@link
     * #build()} checks it against the configuration (loss, optimizer and its state, batch size,
     * shuffling, seed, clipping, schedule, splits, network, epoch and batch within the run).
     */
    public Builder resumeFrom(Checkpoint checkpoint) {
      return resumeFrom(checkpoint, null);
    }

    /**
     * Continues from a checkpoint read from a file, named in the messages about it.
     *
     * @param checkpoint the checkpoint, or null to start afresh
     * @param source its file, or null
     * @return this
     */
    public Builder resumeFrom(Checkpoint checkpoint, String source) {
      this.resumeSource = source;
      this.resumeFrom = checkpoint;
      return this;
    }

    /**
     * Builds the spec's network on this backend; default {@link
     * dev.nn4j.core.backend.Backends#preferred()}. A network given to {@link
     * Training#builder(Network, Trainer.Builder)} keeps its own.
     */
    public Builder backend(Backend computeBackend) {
      this.backend = computeBackend;
      return this;
    }

    /** The raw splits: given, read from the spec's data section, or split from the data. */
    private Splits splits() {
      if (splits != null) {
        return splits;
      }
      if (data == null) {
        if (spec == null || spec.data() == null) {
          throw new NnException("no data to train on: give the training samples with data(...) "
              + "or splits(...)" + (spec == null ? "" : ", or a data section in the config"));
        }
        DataLoader.Read read = DataLoader.split(spec.data(), spec.training());
        if (classes.isEmpty()) {
          classes = read.classes();
        }
        if (read.csv() != null) {
          csv = read.csv();
        }
        return new Splits(read.splits().train(),
            validation != null ? validation : read.splits().validation(),
            test != null ? test : read.splits().test());
      }
      Splits split = Splits.of(data, validation != null ? 0 : validationSplit,
          test != null ? 0 : testSplit, trainer.trainingOptions().seed(),
          trainer.trainingOptions().shuffle());
      return new Splits(split.train(), validation != null ? validation : split.validation(),
          test != null ? test : split.test());
    }

    /**
     * Prepares the training: splits and scales the data, builds the network and the trainer.
     *
     * @return the training, ready to {@link Training#run(List) run}
     * @throws NnException if there is no data, or a checkpoint does not match the network
     */
    public Training build() {
      return new Training(this);
    }

    /**
     * Builds and runs the training.
     *
     * @return what it produced
     */
    public Result run() {
      return build().run();
    }
  }
}
