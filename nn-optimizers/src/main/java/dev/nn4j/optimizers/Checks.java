package dev.nn4j.optimizers;

/** The validations the parameter records of this module share, with messages that say why. */
final class Checks {

  private Checks() {}

  /** Requires a finite value &gt; 0. */
  static void positive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number > 0, was " + value);
    }
  }

  /** Requires a finite value ≥ 0. */
  static void nonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number >= 0, was " + value);
    }
  }

  /** Requires a value in [0, 1). */
  static void fraction(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), was " + value);
    }
  }
}
