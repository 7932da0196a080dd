package dev.nn4j.core.model;

import dev.nn4j.api.NnException;
import dev.nn4j.core.LayerNode;
import dev.nn4j.core.EpochResult;
import dev.nn4j.core.Evaluation;
import dev.nn4j.core.Metrics;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingHistory;
import dev.nn4j.core.TrainingListener;
import dev.nn4j.core.config.CheckpointSpec;
import dev.nn4j.core.config.LayerSpec;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.data.CsvReader;
import dev.nn4j.core.data.DataLoader;
import dev.nn4j.core.data.Splits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trains a model from a {@link ModelSpec}, end to end: reads and splits the data, fits the
 * scaling on the training split, builds the network (or takes it from a checkpoint), trains it
 * (measuring the validation split after each epoch, writing checkpoints as configured) and
 * evaluates it on the test split.
 *
 * <p>Thread-safety: one instance runs one training; {@link #requestStop()} may be called from
 * any thread (a Ctrl-C handler, say).
 */
public final class Training {

  private final ModelSpec spec;
  private final PluginRegistry registry;
  private final DataLoader.Prepared data;
  private final Network network;
  private final Trainer trainer;
  private final Model model;
  private final Path checkpointFile;

  /**
   * Prepares a training run: data, network and trainer.
   *
   * @param spec the specification
   * @param registry the installed plugins
   * @param resumeFrom a checkpoint of the same configuration to continue from, or null to start
   * @param checkpointFile where to write checkpoints (every {@code training.checkpoint.every}
   *     epochs, and when stopped by {@link #requestStop()}); null for the configured file, if any
   * @throws NnException if the checkpoint's network does not match the configuration
   */
  public Training(ModelSpec spec, PluginRegistry registry, Checkpoint resumeFrom,
      Path checkpointFile) {
    this.spec = spec;
    this.registry = registry;
    this.data = DataLoader.prepare(spec.data(), spec.training());
    this.network = resumeFrom == null ? spec.network().build(registry)
        : matching(resumeFrom.model().network(), spec.network().build(registry));
    this.trainer = Trainer.builder(registry).loss(spec.loss()).optimizer(spec.optimizer())
        .options(spec.training().options()).schedule(spec.training().schedule()).build();
    if (resumeFrom != null) {
      trainer.resume(resumeFrom.state());
    }
    CsvReader csv = DataLoader.csvReader(spec.data());
    this.model = new Model(spec.name(), network, data.scaler(), data.classes(), spec.loss(),
        csv == null ? null : csv.withClasses(data.classes()), spec.text(),
        Provenance.of(network, registry, spec.loss(), data.splits().train()));
    CheckpointSpec configured = spec.training().checkpoint();
    this.checkpointFile = checkpointFile != null ? checkpointFile
        : configured == null ? null : configured.file();
  }

  /**
   * What one training run produced.
   *
   * @param model the trained model, ready to save
   * @param history the metrics of each epoch
   * @param splits the scaled data it was trained and tested on
   * @param test the evaluation on the test split, or null if there is none
   * @param testMetrics the configured metrics on the test split (empty if there is none)
   * @param checkpoint the checkpoint written last, or null
   */
  public record Result(Model model, TrainingHistory history, Splits splits, Evaluation test,
      Map<String, Double> testMetrics, Path checkpoint) {}

  /**
   * Runs the training a specification describes from the start.
   *
   * @param spec the specification
   * @param registry the installed plugins
   * @param listeners notified as training goes
   * @return the model, its history and its test evaluation
   */
  public static Result run(ModelSpec spec, PluginRegistry registry,
      List<? extends TrainingListener> listeners) {
    return new Training(spec, registry, null, null).run(listeners);
  }

  /**
   * Trains, then evaluates on the test split. When stopped by {@link #requestStop()}, writes a
   * checkpoint (if there is a checkpoint file) and returns without evaluating.
   *
   * @param listeners notified as training goes
   * @return the model, its history and its test evaluation
   */
  public Result run(List<? extends TrainingListener> listeners) {
    List<TrainingListener> all = new ArrayList<>(listeners);
    Path[] written = new Path[1];
    CheckpointSpec configured = spec.training().checkpoint();
    if (checkpointFile != null && configured != null) {
      all.add(new TrainingListener() {
        @Override
        public void onEpochEnd(EpochResult epoch) {
          if (epoch.epoch() % configured.every() == 0) {
            written[0] = writeCheckpoint();
          }
        }
      });
    }
    Splits splits = data.splits();
    TrainingHistory history = trainer.fit(network, splits.train(), splits.validation(), all);
    if (history.interrupted()) {
      if (checkpointFile != null) {
        written[0] = writeCheckpoint();
      }
      return new Result(model, history, splits, null, Map.of(), written[0]);
    }
    Evaluation test = null;
    Map<String, Double> testMetrics = Map.of();
    if (splits.test() != null) {
      test = Evaluation.of(network, registry.newLoss(spec.loss()), splits.test());
      testMetrics = Metrics.compute(registry, spec.training().metrics(),
          registry.newLoss(spec.loss()), network.predict(splits.test().features()),
          splits.test().targets());
    }
    return new Result(model, history, splits, test, testMetrics, written[0]);
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
  private static Network matching(Network saved, Network configured) {
    List<LayerNode> a = saved.layers();
    List<LayerNode> b = configured.layers();
    boolean same = saved.inputShape().equals(configured.inputShape()) && a.size() == b.size();
    for (int l = 0; same && l < a.size(); l++) {
      LayerSpec x = a.get(l).spec();
      LayerSpec y = b.get(l).spec();
      same = x.type().equals(y.type()) && java.util.Objects.equals(x.name(), y.name())
          && x.inputs().equals(y.inputs())
          && java.util.Objects.equals(x.activation(), y.activation())
          && x.regularization().equals(y.regularization())
          && a.get(l).shape().equals(b.get(l).shape());
    }
    if (!same) {
      throw new NnException("the checkpoint's network " + saved + " does not match the "
          + "configuration's " + configured + "; resume with the configuration it was saved from");
    }
    return saved;
  }
}
