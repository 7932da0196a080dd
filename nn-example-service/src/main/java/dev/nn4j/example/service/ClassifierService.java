package dev.nn4j.example.service;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.spi.Backend;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.backend.Backends;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import dev.nn4j.core.model.Training;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A classifier behind a plain executor: requests classify raw samples with the current model on
 * a pool of threads; {@link #learn} adds labelled samples to memory; {@link #retrain} trains a
 * fresh network on them in the background and swaps it in atomically, saving it to the model
 * file; {@link #close} stops both executors and the nn4j backend's threads.
 *
 * <p>nn4j's threads are the service's: one backend, made with {@link Backends#create} from the
 * service's own thread factory and thread count, computes for every model it loads or trains,
 * and is closed with the service. Nothing depends on {@code -Dnn4j.threads}.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public final class ClassifierService implements AutoCloseable {

  /**
   * How many threads the service may use.
   *
   * @param requestThreads the threads that classify requests
   * @param computeThreads the most threads one nn4j product may use, the caller's included
   */
  public record Options(int requestThreads, int computeThreads) {

    /** Requires at least one thread of each. */
    public Options {
      if (requestThreads < 1 || computeThreads < 1) {
        throw new IllegalArgumentException("at least one thread of each: " + requestThreads
            + ", " + computeThreads);
      }
    }
  }

  private final Path modelFile;
  private final ModelSpec spec;
  private final Supplier<Trainer.Builder> trainers;
  private final Backend backend;
  private final AtomicReference<Model> current;
  private final AtomicInteger version = new AtomicInteger(1);
  private final List<float[]> features = new ArrayList<>();
  private final List<String> labels = new ArrayList<>();
  private final ExecutorService requests;
  private final ExecutorService training;
  private final AtomicInteger nn4jThreadsMade = new AtomicInteger();

  /**
   * Starts the service: makes its backend, loads the model file onto it, starts the executors.
   *
   * @param modelFile the model to serve; retrained models replace it
   * @param spec the network and training of a retrain (its data section, if any, is not used)
   * @param registry the installed plugins
   * @param trainers makes the trainer builder of each retrain (with Guice, the injector's, which
   *     carries the bound listeners)
   * @param options the service's threads
   */
  public ClassifierService(Path modelFile, ModelSpec spec, PluginRegistry registry,
      Supplier<Trainer.Builder> trainers, Options options) {
    this.modelFile = Objects.requireNonNull(modelFile, "modelFile");
    this.spec = Objects.requireNonNull(spec, "spec");
    this.trainers = Objects.requireNonNull(trainers, "trainers");
    ThreadFactory nn4j = r -> {
      nn4jThreadsMade.incrementAndGet();
      return new Thread(r); // nn4j names it nn4j-<backend>-<i> and makes it a daemon
    };
    this.backend = Backends.create(null, options.computeThreads(), nn4j);
    this.current = new AtomicReference<>(ModelFile.load(modelFile, registry, backend));
    this.requests = Executors.newFixedThreadPool(options.requestThreads(), named("request"));
    this.training = Executors.newSingleThreadExecutor(named("retrain"));
  }

  /**
   * Starts the service without Guice: discovers the plugins and reads the bundled {@code
   * classifier.yaml}.
   *
   * @param modelFile the model to serve
   * @param options the service's threads
   * @return the running service
   */
  public static ClassifierService start(Path modelFile, Options options) {
    PluginRegistry registry = PluginRegistry.discover();
    return new ClassifierService(modelFile, spec(registry), registry,
        () -> Trainer.builder(registry), options);
  }

  /**
   * Reads the bundled configuration of the service's network and training.
   *
   * @param registry the installed plugins
   * @return the specification, without data
   */
  public static ModelSpec spec(PluginRegistry registry) {
    try (InputStream in = ClassifierService.class.getResourceAsStream("classifier.yaml")) {
      return new ConfigReader(registry).read(new String(in.readAllBytes(),
          StandardCharsets.UTF_8), "classifier.yaml", null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Classifies one raw sample on a request thread with the model current when it runs.
   *
   * @param sample the raw features
   * @return the class, by name, and its probability
   */
  public CompletableFuture<Model.Classification> classify(float[] sample) {
    return CompletableFuture.supplyAsync(
        () -> current.get().classify(Matrix.of(sample)).get(0), requests);
  }

  /**
   * Keeps a labelled sample for the next retrain.
   *
   * @param sample the raw features
   * @param label one of the model's classes
   * @throws IllegalArgumentException if the label is not one of them
   */
  public void learn(float[] sample, String label) {
    if (!current.get().classes().contains(label)) {
      throw new IllegalArgumentException("unknown class '" + label + "'; classes: "
          + current.get().classes());
    }
    synchronized (features) {
      features.add(sample.clone());
      labels.add(label);
    }
  }

  /**
   * Trains a fresh network on the samples held, on the service's backend, in the background;
   * then saves it over the model file and swaps it in. Requests keep being served by the
   * current model meanwhile.
   *
   * @return completes with the new model once it serves
   */
  public CompletableFuture<Model> retrain() {
    return CompletableFuture.supplyAsync(() -> {
      Model serving = current.get();
      Training.Result result = Training.builder(spec, trainers.get())
          .data(snapshot(serving.classes()))
          .classes(serving.classes())
          .name(serving.name())
          .backend(backend)
          .run();
      ModelFile.save(result.model(), modelFile);
      current.set(result.model());
      version.incrementAndGet();
      return result.model();
    }, training);
  }

  private Dataset snapshot(List<String> classes) {
    synchronized (features) {
      float[][] targets = new float[labels.size()][classes.size()];
      for (int i = 0; i < labels.size(); i++) {
        targets[i][classes.indexOf(labels.get(i))] = 1;
      }
      return new Dataset(Matrix.of(features.toArray(new float[0][])), Matrix.of(targets));
    }
  }

  /** Returns the model serving now. */
  public Model model() {
    return current.get();
  }

  /** Returns 1 for the model loaded at start, one more after each retrain. */
  public int version() {
    return version.get();
  }

  /** Returns how many threads nn4j has asked the service's factory for. */
  public int nn4jThreadsMade() {
    return nn4jThreadsMade.get();
  }

  /**
   * Stops taking requests, lets the ones queued and a retrain in progress finish, then closes
   * the backend, whose threads end before this returns.
   */
  @Override
  public void close() {
    requests.shutdown();
    training.shutdown();
    boolean interrupted = false;
    for (ExecutorService e : List.of(requests, training)) {
      try {
        while (!e.awaitTermination(1, TimeUnit.MINUTES)) {
          e.shutdownNow();
        }
      } catch (InterruptedException ex) {
        interrupted = true;
        e.shutdownNow();
      }
    }
    backend.close();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory named(String role) {
    AtomicInteger n = new AtomicInteger();
    return r -> new Thread(r, "classifier-" + role + "-" + n.incrementAndGet());
  }
}
