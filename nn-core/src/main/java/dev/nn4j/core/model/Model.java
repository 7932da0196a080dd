package dev.nn4j.core.model;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.NnException;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.Evaluation;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.data.CsvReader;
import dev.nn4j.core.data.Scaler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trained network with what it needs to be used on raw samples again: the scaling fitted on
 * the training data, the class names, the loss. Every method that takes features takes them
 * <em>raw</em>, as the application has them, and scales them itself; {@link Network#predict}
 * takes scaled features. Build one with {@link #builder(Network)} or {@link #of(Network)}; the
 * canonical constructor is for code that has every part already (a model file reader).
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
 * @param config the configuration document it was trained from, as written, or null
 * @param provenance where it comes from, as {@link Provenance} records it; empty when unknown
 */
public record Model(String name, Network network, Scaler scaler, List<String> classes,
    PluginSpec loss, CsvReader csv, String config, Map<String, Object> provenance) {

  /** Copies the class names and the provenance; requires as many classes as outputs, or none. */
  public Model {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(scaler, "scaler");
    Objects.requireNonNull(loss, "loss");
    classes = List.copyOf(classes);
    provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    if (!classes.isEmpty() && classes.size() != network.outputs()) {
      throw new IllegalArgumentException(classes.size() + " class names for a network of "
          + network.outputs() + " outputs; give one name per output, or none");
    }
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
   * A model of a network with every default of {@link #builder(Network)}: named {@code model},
   * no scaling, numeric outputs, {@code squared_error}.
   *
   * @param network the network
   * @return the model
   */
  public static Model of(Network network) {
    return builder(network).build();
  }

  /**
   * Starts building a model of a network.
   *
   * @param network the trained network
   * @return a builder with the defaults: name {@code model}, no scaling ({@link
   *     Scaler#identity(int)}), no classes, loss {@code squared_error}, no CSV layout, no
   *     configuration, no provenance
   */
  public static Builder builder(Network network) {
    return new Builder(network);
  }

  /** Returns a builder holding this model's parts, to change some of them. */
  public Builder toBuilder() {
    return new Builder(network).name(name).scaler(scaler).classes(classes).loss(loss).csv(csv)
        .config(config).provenance(provenance);
  }

  /**
   * Scales raw features and runs the network.
   *
   * @param features raw samples, one per row, as the application has them (not scaled)
   * @return the outputs, one row per sample
   */
  public Matrix predict(Matrix features) {
    return network.predict(scaler.apply(features));
  }

  /**
   * Classifies raw samples: the class of the largest output of each, by name.
   *
   * @param features raw samples, one per row (not scaled)
   * @return one classification per row, in row order
   * @throws NnException if the model has no class names (its outputs are numeric)
   */
  public List<Classification> classify(Matrix features) {
    if (classes.isEmpty()) {
      throw new NnException("the model '" + name + "' has numeric outputs, no classes; use "
          + "predict");
    }
    Matrix out = predict(features);
    List<Classification> result = new ArrayList<>(out.rows());
    for (int r = 0; r < out.rows(); r++) {
      int best = Evaluation.classOf(out, r);
      float[] scores = new float[out.cols()];
      System.arraycopy(out.data(), r * out.cols(), scores, 0, scores.length);
      result.add(new Classification(classes.get(best), best, scores[best], classes, scores));
    }
    return result;
  }

  /**
   * Evaluates the model on raw samples with the loss it was trained with.
   *
   * @param data raw samples and their targets (features not scaled)
   * @param registry resolves the loss
   * @return the loss and the accuracy
   */
  public Evaluation evaluate(Dataset data, PluginRegistry registry) {
    return Evaluation.of(network, registry.newLoss(loss),
        new Dataset(scaler.apply(data.features()), data.targets()));
  }

  /**
   * What {@link #classify} says of one sample.
   *
   * @param label the name of the class with the largest output
   * @param index that class's position in {@link Model#classes()}
   * @param probability that class's output: a probability when the output layer is softmax
   *     (or a sigmoid per class), else the raw score
   * @param classes every class name, in output order
   * @param scores every output of the sample, in class order
   */
  public record Classification(String label, int index, float probability, List<String> classes,
      float[] scores) {

    /** Copies the scores. */
    public Classification {
      classes = List.copyOf(classes);
      scores = scores.clone();
    }

    /** Returns a copy of the scores. */
    @Override
    public float[] scores() {
      return scores.clone();
    }

    /**
     * Returns the output for a class by name.
     *
     * @param className one of {@link #classes()}
     * @return its score
     * @throws IllegalArgumentException if there is no such class
     */
    public float scoreOf(String className) {
      int i = classes.indexOf(className);
      if (i < 0) {
        throw new IllegalArgumentException("no class '" + className + "'; classes: " + classes);
      }
      return scores[i];
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Classification c && c.label.equals(label) && c.index == index
          && c.classes.equals(classes) && java.util.Arrays.equals(c.scores, scores);
    }

    @Override
    public int hashCode() {
      return label.hashCode() * 31 + java.util.Arrays.hashCode(scores);
    }

    @Override
    public String toString() {
      return label + " (" + probability + ")";
    }
  }

  /**
   * Builds a {@link Model}; every part but the network has a default. Not thread-safe.
   */
  public static final class Builder {
    private final Network network;
    private String name = "model";
    private Scaler scaler;
    private List<String> classes = List.of();
    private PluginSpec loss = PluginSpec.of("squared_error");
    private CsvReader csv;
    private String config;
    private Map<String, Object> provenance = Map.of();

    private Builder(Network network) {
      this.network = Objects.requireNonNull(network, "network");
    }

    /** Sets the name, for reports and file names; default {@code model}. */
    public Builder name(String modelName) {
      this.name = Objects.requireNonNull(modelName, "name");
      return this;
    }

    /**
     * Sets the scaling that {@link Model#predict} applies to raw features; default none.
     *
     * @param featureScaler fitted on the training data, e.g. {@code Scaler.fit("standard", x)}
     * @return this
     */
    public Builder scaler(Scaler featureScaler) {
      this.scaler = Objects.requireNonNull(featureScaler, "scaler");
      return this;
    }

    /** Sets the class names in output order (one per output); default none: numeric outputs. */
    public Builder classes(List<String> classNames) {
      this.classes = List.copyOf(classNames);
      return this;
    }

    /** Sets the class names in output order; see {@link #classes(List)}. */
    public Builder classes(String... classNames) {
      return classes(List.of(classNames));
    }

    /** Sets the loss the model was trained with; default {@code squared_error}. */
    public Builder loss(PluginSpec trainedWith) {
      this.loss = Objects.requireNonNull(trainedWith, "loss");
      return this;
    }

    /** Sets the loss by name, with its default parameters. */
    public Builder loss(String trainedWith) {
      return loss(PluginSpec.of(trainedWith));
    }

    /** Sets how to read CSV files laid out like the training file; default none. */
    public Builder csv(CsvReader reader) {
      this.csv = reader;
      return this;
    }

    /** Sets the configuration document the model was trained from; default none. */
    public Builder config(String document) {
      this.config = document;
      return this;
    }

    /** Sets the provenance, as {@link Provenance#of} records it; default empty. */
    public Builder provenance(Map<String, Object> origin) {
      this.provenance = new LinkedHashMap<>(origin);
      return this;
    }

    /**
     * Builds the model.
     *
     * @return the model
     * @throws IllegalArgumentException if the class names or the scaler do not fit the network
     */
    public Model build() {
      Scaler s = scaler != null ? scaler : Scaler.identity(network.inputs());
      if (s.offset().length != network.inputs()) {
        throw new IllegalArgumentException("the scaler scales " + s.offset().length
            + " features but the network takes " + network.inputs());
      }
      return new Model(name, network, s, classes, loss, csv, config, provenance);
    }
  }
}
