package dev.nn4j.core;

import dev.nn4j.api.spi.PluginProvider;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binds plain values (what a YAML or JSON document or a Java {@code Map} holds: text, numbers,
 * booleans, lists, maps) to a plugin's parameters record, as strictly as the core keys are read:
 * {@code 600.5} is not an {@code int}, {@code 1} and {@code "true"} are not booleans, {@code "0.1"}
 * is not a number. A whole number is a number, so {@code learningRate: 1} is 1.0. Components of
 * other types (lists, nested records) are converted by Jackson.
 *
 * <p>Thread-safety: stateless; the mapper is thread-safe.
 */
public final class PluginParameters {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private PluginParameters() {}

  /**
   * Converts one plain value to a record component's type.
   *
   * @param component the component
   * @param value a String, Number, Boolean, List, Map or null
   * @return the value as the component's type
   * @throws IllegalArgumentException "must be … but is …", for messages that prefix the key
   */
  public static Object convert(RecordComponent component, Object value) {
    Class<?> type = component.getType();
    if (value == null) {
      if (type.isPrimitive()) {
        throw mismatch(type, null);
      }
      return null;
    }
    if (type == int.class || type == Integer.class) {
      Long whole = whole(value);
      if (whole == null) {
        throw mismatch(type, value);
      }
      if (whole != whole.intValue()) {
        throw new IllegalArgumentException("must be a whole number from " + Integer.MIN_VALUE
            + " to " + Integer.MAX_VALUE + " but is " + value);
      }
      return whole.intValue();
    }
    if (type == long.class || type == Long.class) {
      Long whole = whole(value);
      if (whole == null) {
        throw mismatch(type, value);
      }
      return whole;
    }
    if (type == double.class || type == Double.class || type == float.class
        || type == Float.class) {
      if (!(value instanceof Number n)) {
        throw mismatch(type, value);
      }
      return type == float.class || type == Float.class ? (Object) n.floatValue()
          : (Object) n.doubleValue();
    }
    if (type == boolean.class || type == Boolean.class) {
      if (!(value instanceof Boolean)) {
        throw mismatch(type, value);
      }
      return value;
    }
    if (type == String.class) {
      if (!(value instanceof String)) {
        throw mismatch(type, value);
      }
      return value;
    }
    if (type.isEnum()) {
      for (Object constant : type.getEnumConstants()) {
        if (((Enum<?>) constant).name().equals(value)) {
          return constant;
        }
      }
      throw mismatch(type, value);
    }
    try {
      return JSON.convertValue(value, type);
    } catch (IllegalArgumentException | JacksonException e) {
      throw mismatch(type, value);
    }
  }

  /** Returns a whole number held as Integer, Long or BigInteger in long range, else null. */
  private static Long whole(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger b && b.compareTo(LONG_MIN) >= 0 && b.compareTo(LONG_MAX) <= 0) {
      return b.longValue();
    }
    return null;
  }

  private static IllegalArgumentException mismatch(Class<?> type, Object value) {
    return new IllegalArgumentException("must be " + typeName(type) + " but is "
        + describe(value));
  }

  /** Describes a plain value for messages: a text in quotes, says so; numbers as written. */
  static String describe(Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof String s) {
      return "the text \"" + s + "\"";
    }
    if (value instanceof Map) {
      return "a map of keys";
    }
    if (value instanceof List) {
      return "a list";
    }
    return String.valueOf(value);
  }

  /** Names a component type in messages: "a number", "a whole number", "true or false"... */
  public static String typeName(Class<?> type) {
    if (type == double.class || type == float.class || type == Double.class
        || type == Float.class) {
      return "a number";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "a whole number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type.isEnum()) {
      return "one of " + Arrays.toString(type.getEnumConstants());
    }
    return type == String.class ? "a text" : "a " + type.getSimpleName();
  }

  /**
   * Builds a record through its canonical constructor, so that its validation runs.
   *
   * @param type the record class
   * @param values one value per component, in order
   * @return the record
   * @throws IllegalArgumentException with the constructor's own message if it rejects the values
   */
  public static <R extends Record> R construct(Class<R> type, Object[] values) {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
    }
    try {
      Constructor<R> constructor = type.getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return constructor.newInstance(values);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new IllegalArgumentException(cause.getMessage() == null ? cause.toString()
          : cause.getMessage(), cause);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException("cannot call the canonical constructor of "
          + type.getName() + ": " + e, e);
    }
  }

  /**
   * Reads one component of a record.
   *
   * @param record the record
   * @param component one of its components
   * @return the value
   */
  public static Object read(Record record, RecordComponent component) {
    try {
      var accessor = component.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + component.getName() + " of " + record, e);
    }
  }

  /**
   * Binds values by parameter name over the provider's defaults: what {@code PluginSpec.of(name,
   * Map)} and a config's plugin map become.
   *
   * @param provider the plugin
   * @param values parameter names to plain values; names not given keep their defaults
   * @return the validated parameters record
   * @throws IllegalArgumentException naming the parameter and what is wrong, or the record's
   *     own validation message
   */
  public static Record bind(PluginProvider<?, ?> provider, Map<String, ?> values) {
    Class<? extends Record> type = provider.parametersType();
    Record defaults = provider.defaultParameters();
    RecordComponent[] components = type.getRecordComponents();
    List<String> names = Arrays.stream(components).map(RecordComponent::getName).toList();
    for (String key : values.keySet()) {
      if (!names.contains(key)) {
        throw new IllegalArgumentException("'" + provider.name() + "' has no parameter '" + key
            + "'; its parameters are " + (names.isEmpty() ? "(none)" : String.join(", ", names)));
      }
    }
    if (values.isEmpty()) {
      return defaults;
    }
    Object[] bound = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      if (!values.containsKey(c.getName())) {
        bound[i] = read(defaults, c);
        continue;
      }
      try {
        bound[i] = convert(c, values.get(c.getName()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + c.getName() + "' of '" + provider.name() + "' "
            + e.getMessage(), e);
      }
    }
    try {
      return construct(type, bound);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid parameters for '" + provider.name() + "': "
          + e.getMessage(), e);
    }
  }
}
