package dev.nn4j.core;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import dev.nn4j.api.spi.PluginProvider;
import java.util.Set;

/**
 * Guice wiring for nn4j: the providers that {@link PluginDiscovery} finds go into a {@link
 * Multibinder} set, an application may add its own providers to the same set with {@link
 * #plugins(Binder)}, and one provider method builds the singleton {@link PluginRegistry} from
 * the whole set.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new NnModule(), new AbstractModule() {
 *   protected void configure() {
 *     NnModule.plugins(binder()).addBinding().to(MyActivationProvider.class);
 *   }
 * });
 * PluginRegistry registry = injector.getInstance(PluginRegistry.class);
 * }</pre>
 */
public final class NnModule extends AbstractModule {

  private final ClassLoader loader;

  /** Discovers plugins with the class loader that loaded nn-core. */
  public NnModule() {
    this(NnModule.class.getClassLoader());
  }

  /**
   * Discovers plugins with the given class loader.
   *
   * @param loader where to look for {@code META-INF/services} files
   */
  public NnModule(ClassLoader loader) {
    this.loader = loader;
  }

  /**
   * Returns the set binder that collects every plugin provider; bind your own providers into it.
   *
   * @param binder the binder of the module calling
   * @return the multibinder of {@code Set<PluginProvider<?, ?>>}
   */
  public static Multibinder<PluginProvider<?, ?>> plugins(Binder binder) {
    return Multibinder.newSetBinder(binder, new TypeLiteral<PluginProvider<?, ?>>() {});
  }

  /**
   * Returns the set binder of the {@link TrainingListener}s an application wants on every
   * training run; inject {@code Set<TrainingListener>} and hand it to {@link Trainer#fit}.
   *
   * @param binder the binder of the module calling
   * @return the multibinder of {@code Set<TrainingListener>}
   */
  public static Multibinder<TrainingListener> listeners(Binder binder) {
    return Multibinder.newSetBinder(binder, TrainingListener.class);
  }

  @Override
  protected void configure() {
    listeners(binder());
    Multibinder<PluginProvider<?, ?>> plugins = plugins(binder());
    for (PluginProvider<?, ?> provider : PluginDiscovery.discover(loader)) {
      plugins.addBinding().toInstance(provider);
    }
  }

  @Provides
  @Singleton
  PluginRegistry registry(Set<PluginProvider<?, ?>> providers) {
    return PluginRegistry.of(providers);
  }
}
