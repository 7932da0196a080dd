package dev.nn4j.testkit;

import dev.nn4j.api.spi.Backend;
import dev.nn4j.api.spi.LayerContext;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fields of an object graph at one moment, read by reflection: every instance field of the
 * object and, recursively, of the non-JDK objects and arrays it refers to. Primitive fields are
 * kept by value, primitive arrays by a copy of their contents, references by identity. Objects of
 * JDK classes, backends and layer contexts are not entered (a backend's thread pool may change
 * while it serves the layer). Fields that reflection may not read (a package a named module does
 * not open) are left out.
 */
final class FieldSnapshot {

  private static final int MAX_DEPTH = 6;

  /** Path → {the reference (null for a primitive), the value or the array's copy}. */
  private final Map<String, Object[]> entries = new LinkedHashMap<>();
  private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());

  private FieldSnapshot() {}

  /** Reads the fields of {@code root} and everything it refers to outside the JDK. */
  static FieldSnapshot of(Object root, String name) {
    FieldSnapshot snapshot = new FieldSnapshot();
    snapshot.seen.add(root);
    snapshot.walk(root, name, 0);
    return snapshot;
  }

  /** Returns how the first field that differs in {@code later} changed, or null if none did. */
  String firstChange(FieldSnapshot later) {
    for (Map.Entry<String, Object[]> e : entries.entrySet()) {
      Object[] before = e.getValue();
      Object[] after = later.entries.get(e.getKey());
      if (after == null) {
        continue; // below a reference that changed, reported there
      }
      if (before[0] != after[0]) {
        return "field " + e.getKey() + " was set to another object";
      }
      if (!Objects.deepEquals(before[1], after[1])) {
        return before[0] == null ? "field " + e.getKey() + " changed from " + before[1] + " to "
            + after[1] : "the contents of field " + e.getKey() + " changed";
      }
    }
    return null;
  }

  private void walk(Object object, String path, int depth) {
    for (Class<?> c = object.getClass(); c != null && !isJdk(c); c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        Object value;
        try {
          field.setAccessible(true);
          value = field.get(object);
        } catch (RuntimeException | IllegalAccessException e) {
          continue;
        }
        String at = path + "." + field.getName();
        if (field.getType().isPrimitive()) {
          entries.put(at, new Object[] {null, value});
        } else {
          reference(at, value, depth);
        }
      }
    }
  }

  private void reference(String at, Object value, int depth) {
    if (value == null) {
      entries.put(at, new Object[] {null, null});
      return;
    }
    Class<?> type = value.getClass();
    if (type.isArray() && type.getComponentType().isPrimitive()) {
      int length = Array.getLength(value);
      Object copy = Array.newInstance(type.getComponentType(), length);
      System.arraycopy(value, 0, copy, 0, length);
      entries.put(at, new Object[] {value, copy});
      return;
    }
    entries.put(at, new Object[] {value, null});
    if (depth >= MAX_DEPTH || value instanceof Backend || value instanceof LayerContext
        || !seen.add(value)) {
      return;
    }
    if (type.isArray()) {
      for (int i = 0; i < Array.getLength(value); i++) {
        reference(at + "[" + i + "]", Array.get(value, i), depth + 1);
      }
    } else if (!isJdk(type)) {
      walk(value, at, depth + 1);
    }
  }

  private static boolean isJdk(Class<?> c) {
    String name = c.getName();
    return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
        || name.startsWith("sun.");
  }
}
