package dev.nn4j.core.config;

import dev.nn4j.api.NnException;

/**
 * The limits a configuration document must stay within, so that a hostile or broken file is
 * refused quickly, with bounded memory, before anything is allocated for it. Each can be changed
 * with a system property of the same name prefixed {@code nn4j.config.} (for example {@code
 * -Dnn4j.config.maxDocumentChars=8388608}), or from Java.
 *
 * @param maxDocumentChars the longest document, in characters (default 4 MiB)
 * @param maxDepth the deepest nesting of maps and lists (default 32)
 * @param maxStringLength the longest string value (default 65,536)
 * @param maxNumberLength the most digits in a number (default 64)
 * @param maxLayers the most layers (default 1,000)
 * @param maxUnits the most units in one layer, and the most inputs (default 1,048,576)
 * @param maxParameterBytes the most memory the network's parameters may need while training:
 *     values, gradients and two optimizer moments, 16 bytes per parameter (default 4 GiB)
 */
public record ConfigLimits(long maxDocumentChars, int maxDepth, int maxStringLength,
    int maxNumberLength, int maxLayers, int maxUnits, long maxParameterBytes) {

  /** The defaults. */
  public static final ConfigLimits DEFAULTS = new ConfigLimits(4L << 20, 32, 65_536, 64, 1_000,
      1 << 20, 4L << 30);

  /** Validates the limits. */
  public ConfigLimits {
    if (maxDocumentChars < 1 || maxDepth < 1 || maxStringLength < 1 || maxNumberLength < 1
        || maxLayers < 1 || maxUnits < 1 || maxParameterBytes < 1) {
      throw new IllegalArgumentException("every config limit must be at least 1");
    }
  }

  /**
   * Returns the defaults, each overridden by its {@code nn4j.config.*} system property.
   *
   * @return the limits
   * @throws NnException if a property is set to something other than a whole number from 1 up
   */
  public static ConfigLimits fromSystemProperties() {
    return new ConfigLimits(
        property("maxDocumentChars", DEFAULTS.maxDocumentChars, Integer.MAX_VALUE),
        (int) property("maxDepth", DEFAULTS.maxDepth, Integer.MAX_VALUE),
        (int) property("maxStringLength", DEFAULTS.maxStringLength, Integer.MAX_VALUE),
        (int) property("maxNumberLength", DEFAULTS.maxNumberLength, Integer.MAX_VALUE),
        (int) property("maxLayers", DEFAULTS.maxLayers, Integer.MAX_VALUE),
        (int) property("maxUnits", DEFAULTS.maxUnits, Integer.MAX_VALUE),
        property("maxParameterBytes", DEFAULTS.maxParameterBytes, Long.MAX_VALUE));
  }

  private static long property(String name, long fallback, long max) {
    return limitProperty("nn4j.config." + name, fallback, max);
  }

  /**
   * Reads a limit from a system property, strictly: an unset property gives the fallback, and
   * anything but a whole number from 1 to {@code max} is an error, never silently ignored.
   *
   * @param property the property's full name, such as {@code nn4j.config.maxDepth}
   * @param fallback the value when it is unset
   * @param max the largest value allowed
   * @return the value
   * @throws NnException naming the property if its value is not allowed
   */
  public static long limitProperty(String property, long fallback, long max) {
    String value = System.getProperty(property);
    if (value == null) {
      return fallback;
    }
    try {
      long v = Long.parseLong(value.trim());
      if (v >= 1 && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new NnException("the system property " + property + " must be a whole number from 1 "
        + "to " + max);
  }
}
