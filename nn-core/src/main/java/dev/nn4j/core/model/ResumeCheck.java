package dev.nn4j.core.model;

import dev.nn4j.api.ConfigException;
import dev.nn4j.api.NnException;
import dev.nn4j.api.Parameter;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.TrainerState;
import dev.nn4j.core.TrainingOptions;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.ConfigWriter;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.config.TrainingSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a checkpoint can continue the training a configuration describes: the settings that
 * decide the next steps (loss, optimizer, batch size, shuffling, seed, clipping, schedule,
 * splits; the network is compared layer by layer by {@link Training}) must be those the checkpoint was saved with, its epoch and batch must lie
 * within the run, and its optimizer state must belong to the network's parameters. Each problem
 * is reported with the checkpoint's file and entry and what the configuration says instead.
 *
 * <p>Thread-safety: stateless.
 */
final class ResumeCheck {

  private ResumeCheck() {}

  /**
   * Checks a checkpoint against the configuration it is to continue.
   *
   * @param checkpoint the checkpoint
   * @param source its file, for messages
   * @param spec the configuration of the run, or null when the run was built in code
   * @param registry the installed plugins
   * @param options the run's training options
   * @param trainingSamples the number of samples of the training split
   * @throws NnException naming the checkpoint, the entry and what differs
   */
  static void require(Checkpoint checkpoint, String source, ModelSpec spec,
      PluginRegistry registry, TrainingOptions options, int trainingSamples) {
    if (spec != null && checkpoint.model().config() != null) {
      ModelSpec saved;
      try {
        saved = new ConfigReader(registry).readSaved(checkpoint.model().config(),
            source + "!config.yaml");
      } catch (ConfigException e) {
        throw new NnException(source + ": its config.yaml cannot be read to compare it with the "
            + "configuration: " + e.getMessage(), e);
      }
      List<String> differences = differences(saved, spec);
      if (!differences.isEmpty()) {
        throw new NnException(source + ": the checkpoint does not continue this configuration: "
            + String.join("; ", differences) + ". Resume with the configuration it was saved "
            + "from (its config.yaml), or train afresh without --resume");
      }
    }
    TrainerState state = checkpoint.state();
    int batch = options.batchSize() == 0 ? trainingSamples
        : Math.min(options.batchSize(), trainingSamples);
    int batches = batch == 0 ? 0 : (trainingSamples + batch - 1) / batch;
    if (state.epoch() > options.epochs() || state.batch() > 0 && state.epoch() < 1) {
      throw new NnException(source + ": trainer.json: 'epoch' is " + state.epoch()
          + ", outside this run of epochs 1 to " + options.epochs() + " (training.epochs)");
    }
    if (state.batch() >= Math.max(batches, 1)) {
      throw new NnException(source + ": trainer.json: 'batch' is " + state.batch() + ", past the "
          + "end of an epoch of " + batches + " batches (" + trainingSamples + " training "
          + "samples in batches of " + batch + ")");
    }
    long done = (long) (state.batch() > 0 ? state.epoch() - 1 : state.epoch()) * batches
        + state.batch();
    if (state.step() != done) {
      throw new NnException(source + ": trainer.json: 'step' is " + state.step() + ", but epoch "
          + state.epoch() + " batch " + state.batch() + " of epochs of " + batches + " batches "
          + "comes after " + done + " steps: the checkpoint is damaged, or the training data "
          + "has changed since it was written");
    }
    requireBuffersFit(checkpoint, source);
  }

  /** The settings that decide the next steps, where the two configurations differ. */
  private static List<String> differences(ModelSpec saved, ModelSpec now) {
    List<String> out = new ArrayList<>();
    TrainingSpec a = saved.training();
    TrainingSpec b = now.training();
    Map<String, Object[]> compared = new LinkedHashMap<>();
    compared.put("loss", new Object[] {plugin(saved.loss()), plugin(now.loss())});
    compared.put("optimizer", new Object[] {plugin(saved.optimizer()), plugin(now.optimizer())});
    compared.put("training.batchSize", new Object[] {a.options().batchSize(),
        b.options().batchSize()});
    compared.put("training.shuffle", new Object[] {a.options().shuffle(),
        b.options().shuffle()});
    compared.put("training.seed", new Object[] {a.options().seed(), b.options().seed()});
    compared.put("training.clipping", new Object[] {a.options().clipping(),
        b.options().clipping()});
    compared.put("training.schedule", new Object[] {plugin(a.schedule()),
        plugin(b.schedule())});
    compared.put("training.validationSplit", new Object[] {a.validationSplit(),
        b.validationSplit()});
    compared.put("training.testSplit", new Object[] {a.testSplit(), b.testSplit()});
    compared.forEach((key, values) -> {
      if (!Objects.equals(values[0], values[1])) {
        out.add(key + " is " + values[0] + " in the checkpoint (config.yaml) but " + values[1]
            + " in the configuration");
      }
    });
    return out;
  }

  private static String plugin(PluginSpec spec) {
    return spec == null ? "none" : ConfigWriter.plugin(spec).replaceAll("\\s+", " ");
  }

  /**
   * Every optimizer buffer belongs to a parameter of the network (its name, or
   * {@code <parameter>/<slot>}) or to the optimizer as a whole (a name without '/' or '['), and
   * the parameters that have buffers all have the same slots.
   */
  private static void requireBuffersFit(Checkpoint checkpoint, String source) {
    Map<String, Set<String>> slots = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (Parameter p : checkpoint.model().network().parameters()) {
      names.add(p.name());
    }
    for (String buffer : checkpoint.state().optimizer().buffers().keySet()) {
      int slash = buffer.lastIndexOf('/');
      String parameter = names.contains(buffer) ? buffer
          : slash > 0 ? buffer.substring(0, slash) : null;
      if (parameter != null && names.contains(parameter)) {
        slots.computeIfAbsent(parameter, k -> new TreeSet<>())
            .add(parameter.equals(buffer) ? "" : buffer.substring(slash + 1));
      } else if (slash >= 0 || buffer.contains("[")) {
        throw new NnException(source + ": trainer.json: the optimizer buffer '" + buffer
            + "' belongs to no parameter of the network; its parameters are " + names);
      }
    }
    if (slots.isEmpty()) {
      return;
    }
    String first = slots.keySet().iterator().next();
    for (String p : names) {
      Set<String> has = slots.getOrDefault(p, Set.of());
      if (!has.equals(slots.get(first))) {
        throw new NnException(source + ": trainer.json: the optimizer buffers of the parameter "
            + first + " are " + slots.get(first) + " but those of " + p + " are "
            + (has.isEmpty() ? "missing" : has) + "; every parameter has the same ones");
      }
    }
  }
}
