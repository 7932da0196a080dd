package dev.nn4j.core;

import dev.nn4j.api.NnException;
import dev.nn4j.api.PluginException;
import dev.nn4j.api.PluginKind;
import dev.nn4j.api.UnknownPluginException;
import dev.nn4j.api.spi.Activation;
import dev.nn4j.api.spi.ActivationProvider;
import dev.nn4j.api.spi.LearningRateSchedule;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.api.spi.LossProvider;
import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.api.spi.OptimizerProvider;
import dev.nn4j.api.spi.PluginProvider;
import dev.nn4j.core.internal.PluginArtifacts;
import dev.nn4j.core.internal.Suggestions;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The one map from plugin names to providers, per {@link PluginKind}. Built once from a collection
 * of providers (discovered, bound by Guice, or listed by hand) and immutable afterwards; there is
 * no global instance.
 *
 * <p>Thread-safety: immutable, so safe to share between any number of threads.
 */
public final class PluginRegistry {

  /** What a plugin name may look like: lower case letters, digits and {@code _}. */
  public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  private final Map<PluginKind, Map<String, PluginProvider<?, ?>>> byKind;

  private PluginRegistry(Map<PluginKind, Map<String, PluginProvider<?, ?>>> byKind) {
    this.byKind = byKind;
  }

  /**
   * Where a provider came from, for the message about two providers of one name: what to call
   * its source, and what to do to remove it.
   *
   * @param source e.g. {@code from /path/x.jar} or {@code bound at MyModule.configure(...)}
   * @param remedy e.g. {@code remove /path/x.jar from the class path}
   */
  public record Origin(String source, String remedy) {

    /**
     * The origin of a provider found on the class path: its class's jar or folder.
     *
     * @param provider the provider
     * @return from that jar; remove it from the class path
     */
    public static Origin classPath(PluginProvider<?, ?> provider) {
      String jar = PluginDiscovery.origin(provider.getClass());
      return new Origin("from " + jar, "remove " + jar + " from the class path");
    }
  }

  /**
   * Builds a registry from the given providers, found on the class path.
   *
   * @param providers providers of any kinds
   * @return the registry
   * @throws PluginException if a provider is broken: {@code name()}, {@code parametersType()} or
   *     {@code defaultParameters()} throws or returns null, the parameters type is not a record,
   *     the defaults are not of that type or fail its validation, a name is malformed, or two
   *     providers of one kind share a name (the message names the classes and their jars)
   */
  public static PluginRegistry of(Collection<? extends PluginProvider<?, ?>> providers) {
    return of(providers, Origin::classPath);
  }

  /**
   * Builds a registry from the given providers, saying where each came from when two share a
   * name ({@link NnModule} names the Guice binding of those an application bound).
   *
   * @param providers providers of any kinds
   * @param origins where each provider came from
   * @return the registry
   * @throws PluginException as {@link #of(Collection)}; for two providers of one name, the
   *     message names both classes in full, their origins, and how to remove either
   */
  public static PluginRegistry of(Collection<? extends PluginProvider<?, ?>> providers,
      Function<? super PluginProvider<?, ?>, Origin> origins) {
    Map<PluginKind, Map<String, PluginProvider<?, ?>>> byKind = new EnumMap<>(PluginKind.class);
    for (PluginKind kind : PluginKind.values()) {
      byKind.put(kind, new TreeMap<>());
    }
    for (PluginProvider<?, ?> provider : providers) {
      PluginKind kind = PluginKind.of(provider);
      String name = call(provider, "name()", provider::name);
      checkParameters(provider);
      if (!NAME.matcher(name).matches()) {
        throw new PluginException(
            describe(provider) + " has the " + kind.label() + " name '" + name
                + "'; names are lower case letters, digits and '_', starting with a letter");
      }
      PluginProvider<?, ?> previous = byKind.get(kind).putIfAbsent(name, provider);
      if (previous != null) {
        Origin a = origins.apply(previous);
        Origin b = origins.apply(provider);
        throw new PluginException("two " + kind.label() + " plugins are named '" + name + "': "
            + previous.getClass().getName() + " (" + a.source() + ") and "
            + provider.getClass().getName() + " (" + b.source() + "); keep one: "
            + (a.equals(b) ? "both come " + a.source() + ", so remove one of them there"
                : a.remedy() + ", or " + b.remedy()));
      }
    }
    byKind.replaceAll((kind, map) -> Collections.unmodifiableMap(map));
    return new PluginRegistry(Collections.unmodifiableMap(byKind));
  }

  /**
   * Discovers the providers visible to {@code loader} and builds a registry of them.
   *
   * @param loader where to look
   * @return the registry
   * @throws PluginException as {@link PluginDiscovery#discover} and {@link #of} do
   */
  public static PluginRegistry discover(ClassLoader loader) {
    return of(PluginDiscovery.discover(loader));
  }

  /**
   * Returns a registry of what nn-core itself provides (its layers, initializers and metrics),
   * for code that has no registry at hand.
   *
   * @return the registry
   */
  public static PluginRegistry builtIns() {
    List<PluginProvider<?, ?>> providers = new java.util.ArrayList<>();
    for (PluginKind kind : List.of(PluginKind.LAYER, PluginKind.INITIALIZER, PluginKind.METRIC)) {
      for (Object p : java.util.ServiceLoader.load(kind.providerType(),
          PluginRegistry.class.getClassLoader())) {
        if (p.getClass().getName().startsWith("dev.nn4j.core.")) {
          providers.add((PluginProvider<?, ?>) p);
        }
      }
    }
    return of(providers);
  }

  /**
   * Discovers the providers visible to the class loader that loaded nn-core.
   *
   * @return the registry
   */
  public static PluginRegistry discover() {
    return discover(PluginRegistry.class.getClassLoader());
  }

  /** Calls one of a provider's methods; a throw or a null is a {@link PluginException}. */
  private static <T> T call(PluginProvider<?, ?> provider, String method, Supplier<T> call) {
    T value;
    try {
      value = call.get();
    } catch (RuntimeException | LinkageError e) {
      throw new PluginException(describe(provider) + " is broken: " + method + " threw "
          + thrown(e), e);
    }
    if (value == null) {
      throw new PluginException(describe(provider) + " is broken: " + method + " returned null");
    }
    return value;
  }

  /** What a plugin threw, by its message: its class only when it has none. */
  private static String thrown(Throwable e) {
    if (e instanceof ExceptionInInitializerError && e.getCause() != null) {
      return "in its static initializer " + thrown(e.getCause());
    }
    return e.getMessage() == null ? "a " + e.getClass().getSimpleName() + " without a message"
        : "\"" + e.getMessage() + "\"";
  }

  /** The parameters type is a record and the defaults are a valid instance of it. */
  private static void checkParameters(PluginProvider<?, ?> provider) {
    Class<?> type = call(provider, "parametersType()", provider::parametersType);
    if (!type.isRecord()) {
      throw new PluginException(describe(provider) + " is broken: parametersType() is "
          + type.getName() + ", which is not a record class");
    }
    Record defaults = call(provider, "defaultParameters()", provider::defaultParameters);
    if (!type.isInstance(defaults)) {
      throw new PluginException(describe(provider) + " is broken: defaultParameters() returned a "
          + defaults.getClass().getName() + ", not a " + type.getName());
    }
    RecordComponent[] components = defaults.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        values[i] = PluginParameters.read(defaults, components[i]);
      }
      PluginParameters.construct(defaults.getClass(), values);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new PluginException(describe(provider) + " is broken: defaultParameters() " + defaults
          + " fails its own validation: " + e.getMessage(), e);
    }
  }

  private static String describe(PluginProvider<?, ?> provider) {
    return provider.getClass().getName() + " (from " + PluginDiscovery.origin(provider.getClass())
        + ")";
  }

  /**
   * Looks a provider up.
   *
   * @param kind the kind
   * @param name the name
   * @return the provider
   * @throws UnknownPluginException listing the installed names and the closest one, or, for a
   *     built-in name of a plugin module missing from the class path, naming that module
   */
  public PluginProvider<?, ?> provider(PluginKind kind, String name) {
    PluginProvider<?, ?> provider = byKind.get(kind).get(name);
    if (provider == null) {
      List<String> installed = names(kind);
      throw new UnknownPluginException(kind, name, installed, Suggestions.closest(name, installed),
          PluginArtifacts.of(kind, name), PluginArtifacts.ALL);
    }
    return provider;
  }

  /**
   * Looks an activation provider up by name.
   *
   * @throws UnknownPluginException if none has that name
   */
  public ActivationProvider<?> activation(String name) {
    return (ActivationProvider<?>) provider(PluginKind.ACTIVATION, name);
  }

  /**
   * Looks a loss provider up by name.
   *
   * @throws UnknownPluginException if none has that name
   */
  public LossProvider<?> loss(String name) {
    return (LossProvider<?>) provider(PluginKind.LOSS, name);
  }

  /**
   * Looks an optimizer provider up by name.
   *
   * @throws UnknownPluginException if none has that name
   */
  public OptimizerProvider<?> optimizer(String name) {
    return (OptimizerProvider<?>) provider(PluginKind.OPTIMIZER, name);
  }

  /**
   * Creates a learning-rate schedule.
   *
   * @param spec name and parameters (null parameters mean the defaults)
   * @return a new schedule
   * @throws UnknownPluginException if no schedule has that name
   */
  public LearningRateSchedule newSchedule(PluginSpec spec) {
    return (LearningRateSchedule) create(PluginKind.SCHEDULE, spec);
  }

  /** Returns the sorted names installed for a kind. */
  public List<String> names(PluginKind kind) {
    return List.copyOf(byKind.get(kind).keySet());
  }

  /** Returns the providers of a kind, sorted by name. */
  public List<PluginProvider<?, ?>> providers(PluginKind kind) {
    return List.copyOf(byKind.get(kind).values());
  }

  /**
   * Creates an activation with the given parameters.
   *
   * @param spec the name and parameters; null parameters mean the provider's defaults
   * @throws UnknownPluginException if the name is not installed
   * @throws NnException if the parameters are not of the provider's parameters type
   */
  public Activation newActivation(PluginSpec spec) {
    return (Activation) create(PluginKind.ACTIVATION, spec);
  }

  /**
   * Creates a loss with the given parameters.
   *
   * @param spec the name and parameters; null parameters mean the provider's defaults
   * @throws UnknownPluginException if the name is not installed
   * @throws NnException if the parameters are not of the provider's parameters type
   */
  public Loss newLoss(PluginSpec spec) {
    return (Loss) create(PluginKind.LOSS, spec);
  }

  /**
   * Creates an optimizer with the given parameters.
   *
   * @param spec the name and parameters; null parameters mean the provider's defaults
   * @throws UnknownPluginException if the name is not installed
   * @throws NnException if the parameters are not of the provider's parameters type
   */
  public Optimizer newOptimizer(PluginSpec spec) {
    return (Optimizer) create(PluginKind.OPTIMIZER, spec);
  }

  /**
   * Returns {@code spec} with its parameters filled in: the provider's defaults when they are
   * null; bound and validated, as strictly as a config file's, when they are a {@link
   * PluginSpec.Values} map ({@link PluginSpec#of(String, Map)}); otherwise checked against the
   * provider's parameters type.
   *
   * @param kind the kind
   * @param spec the name and parameters
   * @return a spec whose parameters are never null, and never a {@link PluginSpec.Values}
   * @throws UnknownPluginException if the name is not installed
   * @throws NnException if the parameters do not fit the provider, naming the parameter
   */
  public PluginSpec resolve(PluginKind kind, PluginSpec spec) {
    PluginProvider<?, ?> provider = provider(kind, spec.name());
    Record parameters = spec.parameters() == null ? provider.defaultParameters() : spec.parameters();
    if (parameters instanceof PluginSpec.Values values) {
      try {
        parameters = PluginParameters.bind(provider, values.values());
      } catch (IllegalArgumentException e) {
        throw new NnException("the " + kind.label() + " '" + spec.name() + "': " + e.getMessage(),
            e);
      }
    }
    if (!provider.parametersType().isInstance(parameters)) {
      throw new NnException(
          "the " + kind.label() + " '" + spec.name() + "' takes parameters of type "
              + provider.parametersType().getName() + ", not "
              + parameters.getClass().getName());
    }
    return new PluginSpec(spec.name(), parameters);
  }

  /**
   * Creates a component of any kind.
   *
   * @param kind the kind
   * @param spec the name and parameters; null parameters mean the provider's defaults
   * @return the new component, of the kind's component type
   * @throws UnknownPluginException if the name is not installed
   * @throws NnException if the parameters are not of the provider's parameters type
   */
  public Object create(PluginKind kind, PluginSpec spec) {
    PluginSpec resolved = resolve(kind, spec);
    return createUnchecked(provider(kind, spec.name()), resolved.parameters());
  }

  @SuppressWarnings("unchecked")
  private static <P extends Record> Object createUnchecked(
      PluginProvider<P, ?> provider, Record parameters) {
    Object component;
    try {
      component = provider.create((P) parameters);
    } catch (NnException e) {
      throw e;
    } catch (RuntimeException | LinkageError e) {
      throw new PluginException(describe(provider) + " is broken: create(" + parameters
          + ") threw " + thrown(e), e);
    }
    if (component == null) {
      throw new PluginException(describe(provider) + " is broken: create(" + parameters
          + ") returned null");
    }
    return component;
  }

  @Override
  public String toString() {
    StringJoiner sb = new StringJoiner(", ", "PluginRegistry[", "]");
    for (PluginKind kind : PluginKind.values()) {
      sb.add(kind.plural() + "=" + names(kind));
    }
    return sb.toString();
  }
}
