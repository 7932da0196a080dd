package dev.nn4j.example.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.nn4j.api.spi.Backend;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.EpochResult;
import dev.nn4j.core.NnModule;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.TrainingListener;
import dev.nn4j.core.backend.Backends;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import dev.nn4j.core.model.Training;
import dev.nn4j.api.Matrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as an application runs it: started from a model file, classifying from many
 * threads while it retrains in the background, swapping the model, and leaving no nn4j thread
 * behind once closed; without Guice and with it.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClassifierServiceTest {

  private static final List<String> CLASSES = List.of("low", "mid", "high");

  /** 128 features of noise; the class shifts features 0..15 by -1, 0 or +1 (seeded). */
  static float[] sample(int label, SplittableRandom random) {
    float[] x = new float[128];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian() + (i < 16 ? label - 1 : 0);
    }
    return x;
  }

  static Dataset samples(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] x = new float[n][];
    float[][] y = new float[n][3];
    for (int i = 0; i < n; i++) {
      x[i] = sample(i % 3, random);
      y[i][i % 3] = 1;
    }
    return new Dataset(Matrix.of(x), Matrix.of(y));
  }

  /** Trains the first model, as a deployment would before the service starts. */
  static Path firstModel(Path dir) {
    PluginRegistry registry = PluginRegistry.discover();
    Path file = dir.resolve("signals.nn4j");
    try (Backend backend = Backends.create("java", 2, Thread::new)) {
      Model model = Training.builder(ClassifierService.spec(registry), registry)
          .data(samples(90, 1)).classes(CLASSES).backend(backend)
          .run().model();
      ModelFile.save(model, file);
    }
    return file;
  }

  static List<String> nn4jThreads() {
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("nn4j-") && t.isAlive()) {
        names.add(t.getName());
      }
    }
    return names;
  }

  @AfterEach
  void noNn4jThreadIsLeft() {
    assertThat(nn4jThreads()).isEmpty();
  }

  /**
   * 8 client threads classify 400 samples while the service learns 600 more and retrains: every
   * request is answered, by the old model or the new one, and afterwards the new one serves.
   */
  private static void exercise(ClassifierService service, Path file) throws Exception {
    assertThat(service.version()).isEqualTo(1);
    Model first = service.model();
    assertThat(first.classes()).isEqualTo(CLASSES);
    Dataset more = samples(600, 2);
    for (int i = 0; i < more.size(); i++) {
      service.learn(more.features().row(i), CLASSES.get(i % 3));
    }
    SplittableRandom random = new SplittableRandom(3);
    List<float[]> queries = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      queries.add(sample(i % 3, random));
    }
    List<CompletableFuture<Model.Classification>> answers = new CopyOnWriteArrayList<>();
    CompletableFuture<Model> retrained = service.retrain();
    Thread[] clients = new Thread[8];
    for (int c = 0; c < clients.length; c++) {
      int from = c * 50;
      clients[c] = new Thread(() -> {
        for (int i = from; i < from + 50; i++) {
          answers.add(service.classify(queries.get(i)));
        }
      }, "client-" + c);
      clients[c].start();
    }
    for (Thread t : clients) {
      t.join();
    }
    for (CompletableFuture<Model.Classification> a : answers) {
      assertThat(CLASSES).contains(a.get().label());
    }
    assertThat(answers).hasSize(400);
    Model second = retrained.get();
    assertThat(service.model()).isSameAs(second).isNotSameAs(first);
    assertThat(service.version()).isEqualTo(2);
    // the retrained model was saved over the file the service started from
    Matrix query = Matrix.of(queries.get(0));
    assertThat(ModelFile.load(file, PluginRegistry.discover(), second.network().backend())
        .predict(query).data()).containsExactly(second.predict(query).data());
    int right = 0;
    for (int i = 0; i < queries.size(); i++) {
      right += service.classify(queries.get(i)).get().label().equals(CLASSES.get(i % 3)) ? 1 : 0;
    }
    assertThat(right).as("right of 400; chance is 133").isGreaterThan(320);
    // the retrain ran on the service's backend, whose factory made nn4j's threads
    assertThat(service.nn4jThreadsMade()).isPositive();
    assertThat(nn4jThreads()).isNotEmpty();
  }

  @Test
  void withoutGuice(@TempDir Path dir) throws Exception {
    Path file = firstModel(dir);
    try (ClassifierService service = ClassifierService.start(file,
        new ClassifierService.Options(4, 2))) {
      exercise(service, file);
    }
    assertThat(nn4jThreads()).isEmpty();
  }

  @Test
  void withGuice(@TempDir Path dir) throws Exception {
    Path file = firstModel(dir);
    List<Integer> epochs = new CopyOnWriteArrayList<>();
    Injector injector = Guice.createInjector(
        new ServiceModule(file, new ClassifierService.Options(4, 2)),
        new AbstractModule() {
          @Override
          protected void configure() {
            NnModule.listeners(binder()).addBinding().toInstance(new TrainingListener() {
              @Override
              public void onEpochEnd(EpochResult epoch) {
                epochs.add(epoch.epoch());
              }
            });
          }
        });
    try (ClassifierService service = injector.getInstance(ClassifierService.class)) {
      assertThat(injector.getInstance(ClassifierService.class)).isSameAs(service);
      exercise(service, file);
      // the listener bound in the module saw the retrain without being passed to it
      assertThat(epochs).isNotEmpty().startsWith(1);
    }
    assertThat(nn4jThreads()).isEmpty();
    assertThat(Files.exists(file)).isTrue();
  }
}
