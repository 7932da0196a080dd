package dev.nn4j.example.service;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.nn4j.core.NnModule;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.Trainer;
import java.nio.file.Path;

/**
 * The service wired with Guice: installs {@link NnModule} (the registry, built and checked when
 * the injector is created, and a {@link Trainer.Builder} carrying every listener bound with
 * {@link NnModule#listeners}) and provides the one {@link ClassifierService}. Close the service
 * when the application stops.
 */
public final class ServiceModule extends AbstractModule {

  private final Path modelFile;
  private final ClassifierService.Options options;

  /**
   * @param modelFile the model to serve
   * @param options the service's threads
   */
  public ServiceModule(Path modelFile, ClassifierService.Options options) {
    this.modelFile = modelFile;
    this.options = options;
  }

  @Override
  protected void configure() {
    install(new NnModule());
  }

  @Provides
  @Singleton
  ClassifierService service(PluginRegistry registry, Provider<Trainer.Builder> trainers) {
    return new ClassifierService(modelFile, ClassifierService.spec(registry), registry,
        trainers::get, options);
  }
}
