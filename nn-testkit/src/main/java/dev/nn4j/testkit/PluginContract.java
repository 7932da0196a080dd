package dev.nn4j.testkit;

import dev.nn4j.api.spi.PluginProvider;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The checks every plugin provider must pass, whatever its kind: a valid name, registration in
 * {@code META-INF/services}, and parameters that survive the map-shaped round trip a YAML or JSON
 * configuration takes.
 */
public abstract class PluginContract {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  /** Returns the provider under test. Called once per check; may return a new instance. */
  protected abstract PluginProvider<?, ?> provider();

  /** Returns the provider interface the plugin is registered under in {@code META-INF/services}. */
  protected abstract Class<?> serviceType();

  /**
   * Returns a valid non-default parameter set to round-trip, or the defaults when the provider
   * has no parameters. Override it for providers with parameters.
   */
  protected Record nonDefaultParameters() {
    return provider().defaultParameters();
  }

  /**
   * Returns the parameter sets that the derivative checks run at besides the defaults; by default
   * {@link #nonDefaultParameters()} when it differs from the defaults. Override it to name more,
   * so that a backward pass that ignores a parameter cannot pass.
   */
  protected List<Record> parameterSets() {
    Record other = nonDefaultParameters();
    return other.equals(provider().defaultParameters()) ? List.of() : List.of(other);
  }

  /** The name is lower case: a letter, then letters, digits or {@code _}. */
  @Test
  public void nameIsValid() {
    String name = provider().name();
    if (name == null) {
      throw new AssertionError("name() of " + provider().getClass().getName()
          + " returned null");
    }
    if (!NAME.matcher(name).matches()) {
      throw new AssertionError("provider name '" + name + "' of " + provider().getClass().getName()
          + " must match " + NAME.pattern() + " (lower case letters, digits and _)");
    }
  }

  /** {@link ServiceLoader} finds the provider's class on the test class path. */
  @Test
  public void serviceLoaderFindsProvider() {
    Class<?> type = provider().getClass();
    boolean found = ServiceLoader.load(serviceType(), type.getClassLoader()).stream()
        .anyMatch(p -> p.type().equals(type));
    if (!found) {
      throw new AssertionError(type.getName() + " is not registered: add its name to "
          + "META-INF/services/" + serviceType().getName());
    }
  }

  /** Default and non-default parameters survive record → map → record unchanged. */
  @Test
  public void parametersRoundTrip() {
    PluginProvider<?, ?> provider = provider();
    if (provider.parametersType() == null || provider.defaultParameters() == null) {
      throw new AssertionError((provider.parametersType() == null ? "parametersType()"
          : "defaultParameters()") + " of " + provider.getClass().getName() + " returned null");
    }
    if (!provider.parametersType().isInstance(provider.defaultParameters())) {
      throw new AssertionError("defaultParameters() of " + provider.name() + " is not a "
          + provider.parametersType().getName());
    }
    for (Record parameters : new Record[] {provider.defaultParameters(), nonDefaultParameters()}) {
      Record copy = fromMap(provider.parametersType(), toMap(parameters));
      if (!copy.equals(parameters)) {
        throw new AssertionError("parameters of " + provider.name() + " changed in a round trip: "
            + parameters + " came back as " + copy);
      }
    }
  }

  /**
   * Returns the provider's default parameters with the named components replaced, built through
   * the record's canonical constructor (so its validation runs). Numbers are converted to the
   * component's type, so values read from JSON fit. For tests that name parameter sets by name,
   * such as fixtures.
   *
   * @param provider the plugin
   * @param values component names to values; the others keep their defaults
   * @return the parameters
   * @throws AssertionError if a name is not a component or the constructor rejects the values
   */
  public static <P extends Record> P parameters(PluginProvider<P, ?> provider,
      Map<String, ?> values) {
    Map<String, Object> map = toMap(provider.defaultParameters());
    for (Map.Entry<String, ?> e : values.entrySet()) {
      if (!map.containsKey(e.getKey())) {
        throw new AssertionError(provider.name() + " has no parameter '" + e.getKey()
            + "'; its parameters are " + map.keySet());
      }
      map.put(e.getKey(), e.getValue());
    }
    for (RecordComponent c : provider.parametersType().getRecordComponents()) {
      Object v = map.get(c.getName());
      if (v instanceof Number n) {
        Class<?> t = c.getType();
        map.put(c.getName(), t == int.class ? (Object) n.intValue()
            : t == long.class ? (Object) n.longValue()
            : t == float.class ? (Object) n.floatValue()
            : t == double.class ? (Object) n.doubleValue() : v);
      }
    }
    return fromMap(provider.parametersType(), map);
  }

  /** Creates a component from the provider's default parameters; null is a clear failure. */
  static <P extends Record, C> C createDefault(PluginProvider<P, C> provider) {
    return create(provider, provider.defaultParameters());
  }

  /** Creates a component from the given parameters; null is a clear failure. */
  @SuppressWarnings("unchecked")
  static <P extends Record, C> C create(PluginProvider<P, C> provider, Record parameters) {
    C component = provider.create((P) parameters);
    if (component == null) {
      throw new AssertionError(provider.getClass().getName() + ".create(" + parameters
          + ") returned null; it must return a new component");
    }
    return component;
  }

  /** Returns the record's components by name, as a configuration file would hold them. */
  static Map<String, Object> toMap(Record record) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      try {
        map.put(c.getName(), c.getAccessor().invoke(record));
      } catch (ReflectiveOperationException e) {
        throw new AssertionError("cannot read parameter " + c.getName() + " of " + record, e);
      }
    }
    return map;
  }

  /** Builds a record of the type from a map by name, through its canonical constructor. */
  static <R extends Record> R fromMap(Class<R> type, Map<String, Object> map) {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      values[i] = map.get(components[i].getName());
    }
    try {
      var constructor = type.getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return constructor.newInstance(values);
    } catch (InvocationTargetException e) {
      throw new AssertionError("the canonical constructor of " + type.getName()
          + " rejected " + map + ": " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot call the canonical constructor of " + type.getName(), e);
    }
  }
}
