package dev.nn4j.examples;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.nn4j.api.Matrix;
import dev.nn4j.api.spi.Backend;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.EarlyStopping;
import dev.nn4j.core.EpochResult;
import dev.nn4j.core.Evaluation;
import dev.nn4j.core.Network;
import dev.nn4j.core.NnModule;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingListener;
import dev.nn4j.core.backend.Backends;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import dev.nn4j.core.model.Training;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;

/**
 * The code-first API, one method per task: build and train a network on in-memory data, train a
 * configuration on in-memory data, save and load, classify raw samples, wire with Guice, give
 * nn4j the host's threads. {@code docs/java-api.md} and the README quote these methods; a test
 * checks that every Java snippet there is a piece of this file (or another compiled source), so
 * the documentation compiles with the build.
 */
public final class JavaApiExample {

  private JavaApiExample() {}

  /** The species of {@link #flowers}, in output order. */
  public static final List<String> SPECIES = List.of("small", "medium", "large");

  /**
   * Made-up flowers: two measurements in centimetres around 10, 20 or 30 by species, one-hot
   * targets; raw, as an application would have them.
   *
   * @param n how many
   * @param seed the seed
   * @return the samples
   */
  public static Dataset flowers(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] x = new float[n][];
    float[][] y = new float[n][SPECIES.size()];
    for (int i = 0; i < n; i++) {
      int s = i % SPECIES.size();
      x[i] = new float[] {10 + 10 * s + (float) random.nextGaussian() * 2,
          5 + s + (float) random.nextGaussian()};
      y[i][s] = 1;
    }
    return new Dataset(Matrix.of(x), Matrix.of(y));
  }

  /**
   * Builds a network in code and trains it on in-memory data, with validation data, early
   * stopping, a listener and checkpoints.
   *
   * @param samples raw training samples
   * @param heldOut raw validation samples
   * @param checkpoint where to write checkpoints
   * @return what the training produced
   */
  public static Training.Result buildAndTrain(Dataset samples, Dataset heldOut, Path checkpoint) {
    PluginRegistry registry = PluginRegistry.discover();
    Network network = Network.builder(registry)
        .inputs(2).seed(1)
        .dense(16, "tanh")
        .dense(3, "softmax")
        .build();
    Trainer.Builder trainer = Trainer.builder(registry)
        .loss("categorical_cross_entropy")
        .optimizer("adam")
        .epochs(100).batchSize(16).seed(7)
        .earlyStopping(EarlyStopping.on("val_loss", 5, 1e-4));
    TrainingListener progress = new TrainingListener() {
      @Override
      public void onEpochEnd(EpochResult epoch) {
        System.out.printf(Locale.ROOT, "epoch %d: %s%n", epoch.epoch(), epoch.metrics());
      }
    };
    Training.Result result = Training.builder(network, trainer)
        .data(samples)                 // raw features; the training fits the scaling
        .validation(heldOut)           // or .holdOut(0.2, 0.1) to split samples
        .scaling("standard")           // fitted on the training split, kept in the model
        .classes(SPECIES)              // one name per output
        .checkpoint(checkpoint, 10)    // every 10 epochs
        .listeners(progress)
        .run();
    return result;
  }

  /**
   * Trains a configuration on in-memory data: the document needs no {@code data} section.
   *
   * @param samples raw samples; the configuration's splits hold some out
   * @return what the training produced
   */
  public static Training.Result trainConfig(Dataset samples) {
    String yaml = """
        name: flowers
        network:
          inputs: 2
          seed: 3
          layers:
            - {units: 16, activation: tanh}
            - {units: 3, activation: softmax}
        loss: categorical_cross_entropy
        optimizer: {type: adam, learningRate: 0.02}
        training: {epochs: 60, batchSize: 16, validationSplit: 0.2, testSplit: 0.2}
        """;
    PluginRegistry registry = PluginRegistry.discover();
    ModelSpec spec = new ConfigReader(registry).read(yaml, "flowers.yaml", null);
    return Training.builder(spec, registry)
        .data(samples)
        .classes(SPECIES)
        .scaling("standard")
        .run();
  }

  /**
   * Saves a model and loads it back; the raw splits of a result go to the model as they are.
   *
   * @param result a training's result
   * @param file where to save
   * @return the test evaluation of the loaded model
   */
  public static Evaluation saveAndLoad(Training.Result result, Path file) {
    PluginRegistry registry = PluginRegistry.discover();
    ModelFile.save(result.model(), file);
    Model loaded = ModelFile.load(file, registry);
    Dataset test = result.rawSplits().test();   // raw: the model scales it
    return loaded.evaluate(test, registry);
  }

  /**
   * Saves a network built in code without a training: the model's defaults (no scaling, no
   * classes) or a builder's parts.
   *
   * @param network a network
   * @param dir where to save
   * @return the model saved second
   */
  public static Model saveANetwork(Network network, Path dir) {
    ModelFile.save(network, dir.resolve("plain.nn4j"));
    Model model = Model.builder(network)
        .name("flowers")
        .classes(SPECIES)
        .loss("categorical_cross_entropy")
        .build();
    ModelFile.save(model, dir.resolve("flowers.nn4j"));
    return model;
  }

  /**
   * Classifies raw samples by name.
   *
   * @param model a trained model with classes
   * @param out where to print
   * @return the label of the first sample
   */
  public static String classify(Model model, PrintStream out) {
    Matrix raw = Matrix.of(new float[] {11, 5}, new float[] {29, 7});
    List<Model.Classification> answers = model.classify(raw);
    for (Model.Classification c : answers) {
      out.printf(Locale.ROOT, "%s (p = %.3f)%n", c.label(), c.probability());
    }
    return answers.get(0).label();
  }

  /**
   * Wires nn4j with Guice: a listener bound in the module is on every trainer the injector
   * provides, and the registry is checked when the injector is created.
   *
   * @param samples raw samples
   * @param progress a listener to bind
   * @return what the training produced
   */
  public static Training.Result withGuice(Dataset samples, TrainingListener progress) {
    Injector injector = Guice.createInjector(new NnModule(), new AbstractModule() {
      @Override
      protected void configure() {
        NnModule.listeners(binder()).addBinding().toInstance(progress);
      }
    });
    PluginRegistry registry = injector.getInstance(PluginRegistry.class);
    Trainer.Builder trainer = injector.getInstance(Trainer.Builder.class)  // progress included
        .loss("categorical_cross_entropy").optimizer("adam").epochs(20);
    Network network = Network.builder(registry).inputs(2).dense(3, "softmax").build();
    return Training.builder(network, trainer).data(samples).scaling("standard").run();
  }

  /**
   * Gives nn4j the host's threads: a backend of its own, used by the networks it builds, loads
   * and trains, and closed when done, so none of its threads is left.
   *
   * @param file a saved model
   * @param samples raw samples to classify
   * @return the first label
   */
  public static String withHostThreads(Path file, Matrix samples) {
    PluginRegistry registry = PluginRegistry.discover();
    try (Backend backend = Backends.create(null, 2, Executors.defaultThreadFactory())) {
      Model model = ModelFile.load(file, registry, backend);
      return model.classify(samples).get(0).label();
    }
  }

  /**
   * Runs every task on standard output.
   *
   * @param args ignored
   * @throws java.io.IOException if the temporary folder cannot be made
   */
  public static void main(String[] args) throws java.io.IOException {
    Path dir = Files.createTempDirectory("nn4j-example");
    Training.Result result = buildAndTrain(flowers(300, 1), flowers(60, 2),
        dir.resolve("flowers.ckpt"));
    System.out.println("test: " + saveAndLoad(trainConfig(flowers(300, 3)),
        dir.resolve("config.nn4j")));
    classify(result.model(), System.out);
  }
}
