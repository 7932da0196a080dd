package dev.nn4j.core.model;

import dev.nn4j.api.Matrix;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.data.CsvReader;
import dev.nn4j.core.data.Scaler;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained network with what it needs to be used on raw samples again.
 *
 * <p>Thread-safety: as {@link Network}: any number of threads may predict at once.
 *
 * @param name the model's name
 * @param network the trained network
 * @param scaler the feature scaling fitted on the training data
 * @param classes class names in output order; empty for numeric outputs
 * @param loss the loss it was trained with, for evaluation
 * @param csv how to read more samples laid out like the training file, or null if the model
 *     was not trained from a CSV file
 * @param config the configuration document it was trained from, as written
 * @param provenance where it comes from, as {@link Provenance} records it; empty when unknown
 */
public record Model(String name, Network network, Scaler scaler, List<String> classes,
    PluginSpec loss, CsvReader csv, String config, Map<String, Object> provenance) {

  /** Copies the class names and the provenance. */
  public Model {
    classes = List.copyOf(classes);
    provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
  }

  /**
   * A model without provenance.
   *
   * @param name the model's name
   * @param network the trained network
   * @param scaler the feature scaling fitted on the training data
   * @param classes class names in output order; empty for numeric outputs
   * @param loss the loss it was trained with
   * @param csv how to read more samples laid out like the training file, or null
   * @param config the configuration document it was trained from, or null
   */
  public Model(String name, Network network, Scaler scaler, List<String> classes,
      PluginSpec loss, CsvReader csv, String config) {
    this(name, network, scaler, classes, loss, csv, config, Map.of());
  }

  /**
   * Scales raw features and runs the network.
   *
   * @param features raw samples, one per row
   * @return the outputs, one row per sample
   */
  public Matrix predict(Matrix features) {
    return network.predict(scaler.apply(features));
  }
}
