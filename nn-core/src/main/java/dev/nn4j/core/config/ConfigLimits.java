package dev.nn4j.core.config;

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

  /** Returns the defaults, each overridden by its {@code nn4j.config.*} system property. */
  public static ConfigLimits fromSystemProperties() {
    return new ConfigLimits(
        Long.getLong("nn4j.config.maxDocumentChars", DEFAULTS.maxDocumentChars),
        Integer.getInteger("nn4j.config.maxDepth", DEFAULTS.maxDepth),
        Integer.getInteger("nn4j.config.maxStringLength", DEFAULTS.maxStringLength),
        Integer.getInteger("nn4j.config.maxNumberLength", DEFAULTS.maxNumberLength),
        Integer.getInteger("nn4j.config.maxLayers", DEFAULTS.maxLayers),
        Integer.getInteger("nn4j.config.maxUnits", DEFAULTS.maxUnits),
        Long.getLong("nn4j.config.maxParameterBytes", DEFAULTS.maxParameterBytes));
  }
}
