package dev.nn4j.core.data;

import dev.nn4j.api.NnException;
import dev.nn4j.core.config.ConfigLimits;

/**
 * The limits data files must stay within, so that a hostile or broken file (a gzip bomb, a line
 * of hundreds of megabytes, a label of fifty million, an IDX header that lies) is refused with a
 * clear error, before memory is allocated for it. Each can be raised with a system property of
 * the same name prefixed {@code nn4j.data.} (for example {@code -Dnn4j.data.maxValues=200000000},
 * given to the nn4j command through {@code NN4J_JAVA_OPTS}).
 *
 * @param maxClasses the most classes numeric labels may make (default 65,536)
 * @param maxLineChars the longest CSV line, in characters (default 1 MiB)
 * @param maxValues the most feature values one file may hold (default 67,108,864: 256 MiB
 *     of floats)
 */
public record DataLimits(int maxClasses, int maxLineChars, long maxValues) {

  /** The defaults. */
  public static final DataLimits DEFAULTS = new DataLimits(65_536, 1 << 20, 1L << 26);

  /** Validates the limits. */
  public DataLimits {
    if (maxClasses < 1 || maxLineChars < 1 || maxValues < 1) {
      throw new IllegalArgumentException("every data limit must be at least 1");
    }
  }

  /**
   * Returns the defaults, each overridden by its {@code nn4j.data.*} system property.
   *
   * @return the limits
   * @throws NnException if a property is set to something other than a positive whole number
   */
  public static DataLimits fromSystemProperties() {
    return new DataLimits(
        (int) property("maxClasses", DEFAULTS.maxClasses, Integer.MAX_VALUE - 8),
        (int) property("maxLineChars", DEFAULTS.maxLineChars, Integer.MAX_VALUE - 8),
        property("maxValues", DEFAULTS.maxValues, Integer.MAX_VALUE - 8));
  }

  private static long property(String name, long fallback, long max) {
    return ConfigLimits.limitProperty("nn4j.data." + name, fallback, max);
  }

  /** The sentence that names a limit and how to raise it, for error messages. */
  static String raise(String name, long limit) {
    return "the limit nn4j.data." + name + " is " + limit + "; raise it with -Dnn4j.data."
        + name + "=N (for the nn4j command, in NN4J_JAVA_OPTS)";
  }
}
