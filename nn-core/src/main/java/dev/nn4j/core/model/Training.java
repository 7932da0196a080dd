package dev.nn4j.core.model;

import dev.nn4j.core.Evaluation;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingHistory;
import dev.nn4j.core.TrainingListener;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.data.CsvReader;
import dev.nn4j.core.data.DataLoader;
import dev.nn4j.core.data.Splits;
import java.util.List;

/**
 * Trains a model from a {@link ModelSpec}, end to end: reads and splits the data, fits the
 * scaling on the training split, builds the network, trains it (measuring the validation split
 * after each epoch) and evaluates it on the test split.
 *
 * <p>Thread-safety: stateless; each call trains its own network.
 */
public final class Training {

  private Training() {}

  /**
   * What one training run produced.
   *
   * @param model the trained model, ready to save
   * @param history the metrics of each epoch
   * @param splits the scaled data it was trained and tested on
   * @param test the evaluation on the test split, or null if there is none
   */
  public record Result(Model model, TrainingHistory history, Splits splits, Evaluation test) {}

  /**
   * Runs the training a specification describes.
   *
   * @param spec the specification
   * @param registry the installed plugins
   * @param listeners notified as training goes
   * @return the model, its history and its test evaluation
   */
  public static Result run(ModelSpec spec, PluginRegistry registry,
      List<? extends TrainingListener> listeners) {
    DataLoader.Prepared data = DataLoader.prepare(spec.data(), spec.training());
    Network network = spec.network().build(registry);
    Trainer trainer = new Trainer(registry.newLoss(spec.loss()),
        registry.newOptimizer(spec.optimizer()), spec.training().options(),
        registry.newSchedule(spec.training().schedule()));
    Splits splits = data.splits();
    TrainingHistory history = trainer.fit(network, splits.train(), splits.validation(),
        listeners);
    Evaluation test = splits.test() == null ? null
        : Evaluation.of(network, registry.newLoss(spec.loss()), splits.test());
    CsvReader csv = DataLoader.csvReader(spec.data());
    Model model = new Model(spec.name(), network, data.scaler(), data.classes(), spec.loss(),
        csv == null ? null : csv.withClasses(data.classes()), spec.text());
    return new Result(model, history, splits, test);
  }
}
