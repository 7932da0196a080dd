package dev.nn4j.core;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.Binding;
import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.MultibinderBinding;
import com.google.inject.multibindings.MultibindingsTargetVisitor;
import com.google.inject.spi.DefaultBindingTargetVisitor;
import dev.nn4j.api.spi.PluginProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Guice wiring for nn4j: the providers that {@link PluginDiscovery} finds go into a {@link
 * Multibinder} set, an application may add its own providers to the same set with {@link
 * #plugins(Binder)}, and the singleton {@link PluginRegistry} is built from the whole set
 * <em>when the injector is created</em> (an eager singleton), so a broken or duplicate plugin
 * fails {@code Guice.createInjector} with a {@link com.google.inject.CreationException} whose
 * cause is the {@link dev.nn4j.api.PluginException}; for two providers of one name it names
 * both classes in full and where each came from: its jar, or the module and line of the binding
 * that added it.
 *
 * <p>The {@link TrainingListener}s bound with {@link #listeners(Binder)} are on every {@link
 * Trainer} the injector provides: inject {@link Trainer.Builder} (a new one each time, listeners
 * set; hand it to {@code Training.builder(spec, trainerBuilder)} or configure and build it) or
 * {@link Trainer} (the builder's defaults).
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new NnModule(), new AbstractModule() {
 *   protected void configure() {
 *     NnModule.plugins(binder()).addBinding().to(MyActivationProvider.class);
 *     NnModule.listeners(binder()).addBinding().to(MetricsExporter.class);
 *   }
 * });
 * PluginRegistry registry = injector.getInstance(PluginRegistry.class);
 * Trainer.Builder trainer = injector.getInstance(Trainer.Builder.class);
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
    return Multibinder.newSetBinder(binder, PROVIDERS);
  }

  /**
   * Returns the set binder of the {@link TrainingListener}s an application wants on every
   * training run: every {@link Trainer} and {@link Trainer.Builder} the injector provides
   * notifies them.
   *
   * @param binder the binder of the module calling
   * @return the multibinder of {@code Set<TrainingListener>}
   */
  public static Multibinder<TrainingListener> listeners(Binder binder) {
    return Multibinder.newSetBinder(binder, TrainingListener.class);
  }

  private static final TypeLiteral<PluginProvider<?, ?>> PROVIDERS = new TypeLiteral<>() {};

  @Override
  protected void configure() {
    listeners(binder());
    Multibinder<PluginProvider<?, ?>> plugins = plugins(binder());
    Set<PluginProvider<?, ?>> discovered = Collections.newSetFromMap(new IdentityHashMap<>());
    for (PluginProvider<?, ?> provider : PluginDiscovery.discover(loader)) {
      discovered.add(provider);
      plugins.addBinding().toInstance(provider);
    }
    bind(PluginRegistry.class).toProvider(new RegistryProvider(discovered)).asEagerSingleton();
  }

  /**
   * Returns a new trainer builder with the registry and every bound listener; set the loss,
   * optimizer and options on it, or hand it to {@code Training.builder}.
   */
  @Provides
  Trainer.Builder trainerBuilder(PluginRegistry registry, Set<TrainingListener> listeners) {
    return Trainer.builder(registry).listeners(List.copyOf(listeners));
  }

  /** Returns a new trainer with the builder's defaults and every bound listener. */
  @Provides
  Trainer trainer(Trainer.Builder builder) {
    return builder.build();
  }

  /**
   * Builds the registry from the bound set, naming the Guice binding of each provider an
   * application bound (the ones this module discovered are named by their jar).
   */
  private static final class RegistryProvider implements Provider<PluginRegistry> {
    private final Set<PluginProvider<?, ?>> discovered;
    @Inject
    private Injector injector;

    RegistryProvider(Set<PluginProvider<?, ?>> discovered) {
      this.discovered = Collections.newSetFromMap(new IdentityHashMap<>());
      this.discovered.addAll(discovered);
    }

    @Override
    public PluginRegistry get() {
      Map<PluginProvider<?, ?>, Object> bindingSources = new IdentityHashMap<>();
      List<PluginProvider<?, ?>> providers = new ArrayList<>();
      Binding<Set<PluginProvider<?, ?>>> set = injector.getBinding(Key.get(setOf()));
      List<Binding<?>> elements = set.acceptTargetVisitor(new ElementsVisitor());
      for (Binding<?> element : elements) {
        PluginProvider<?, ?> provider = (PluginProvider<?, ?>) element.getProvider().get();
        providers.add(provider);
        bindingSources.put(provider, element.getSource());
      }
      return PluginRegistry.of(providers, p -> {
        if (discovered.contains(p) || !bindingSources.containsKey(p)) {
          PluginRegistry.Origin jar = PluginRegistry.Origin.classPath(p);
          return new PluginRegistry.Origin(jar.source() + ", found by NnModule", jar.remedy());
        }
        String binding = String.valueOf(bindingSources.get(p));
        return new PluginRegistry.Origin("bound at " + binding + "; class from "
            + PluginDiscovery.origin(p.getClass()), "remove the binding at " + binding);
      });
    }

    @SuppressWarnings("unchecked")
    private static TypeLiteral<Set<PluginProvider<?, ?>>> setOf() {
      return (TypeLiteral<Set<PluginProvider<?, ?>>>) TypeLiteral.get(
          com.google.inject.util.Types.setOf(PROVIDERS.getType()));
    }
  }

  /** The element bindings of the plugin set, each with its source. */
  private static final class ElementsVisitor
      extends DefaultBindingTargetVisitor<Set<PluginProvider<?, ?>>, List<Binding<?>>>
      implements MultibindingsTargetVisitor<Set<PluginProvider<?, ?>>, List<Binding<?>>> {

    @Override
    public List<Binding<?>> visit(MultibinderBinding<? extends Set<PluginProvider<?, ?>>> b) {
      return b.getElements();
    }

    @Override
    public List<Binding<?>> visit(
        com.google.inject.multibindings.MapBinderBinding<? extends Set<PluginProvider<?, ?>>> b) {
      throw new IllegalStateException("the plugin set is not a map");
    }

    @Override
    public List<Binding<?>> visit(
        com.google.inject.multibindings.OptionalBinderBinding<? extends Set<PluginProvider<?, ?>>>
            b) {
      throw new IllegalStateException("the plugin set is not an optional");
    }

    @Override
    protected List<Binding<?>> visitOther(Binding<? extends Set<PluginProvider<?, ?>>> b) {
      throw new IllegalStateException("the plugin set is not a Multibinder set: " + b);
    }
  }
}
