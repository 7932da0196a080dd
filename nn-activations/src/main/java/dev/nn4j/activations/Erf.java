package dev.nn4j.activations;

/**
 * The error function and its complement in double precision, which {@link Math} lacks: erf(x) =
 * (2/√π)·e^(−x²)·Σ (2x²)ⁿ x / (1·3·5⋯(2n+1)) for |x| &lt; 3 (a series of positive terms, so
 * nothing cancels), and erfc(x) = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + 3/2/(x + ⋯)))) for |x| ≥ 3
 * (Lentz's continued fraction). e^(−x²) is taken from x² split exactly into two doubles, so its
 * relative error stays a few ulps for large x.
 *
 * <p>Thread-safety: stateless.
 */
final class Erf {

  private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
  private static final double ONE_OVER_SQRT_PI = 1 / Math.sqrt(Math.PI);
  private static final double SERIES_BELOW = 3;

  private Erf() {}

  /** Returns erf(x); ±1 for |x| &gt; 6, NaN for NaN. */
  static double erf(double x) {
    double a = Math.abs(x);
    if (a < SERIES_BELOW) {
      return series(x);
    }
    if (Double.isNaN(x)) {
      return x;
    }
    return Math.copySign(1 - continuedFraction(a), x);
  }

  /**
   * Returns erfc(x) = 1 − erf(x): with full relative precision from x = 3 on (far into the tail,
   * where 1 − erf(x) is 0), and within 1e-15 absolute below.
   */
  static double erfc(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    if (x >= SERIES_BELOW) {
      return continuedFraction(x);
    }
    if (x <= -SERIES_BELOW) {
      return 2 - continuedFraction(-x);
    }
    return 1 - series(x);
  }

  /** e^(−x²), with x² split into a double and its rounding error. */
  private static double expMinusSquare(double x) {
    double square = x * x;
    double error = Math.fma(x, x, -square);
    return Math.exp(-square) * (1 - error);
  }

  private static double series(double x) {
    double twoSquare = 2 * x * x;
    double term = x;
    double sum = x;
    for (int n = 1; Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= twoSquare / (2 * n + 1);
      sum += term;
    }
    return TWO_OVER_SQRT_PI * expMinusSquare(x) * sum;
  }

  /** erfc(x) for x ≥ 3 by the modified Lentz algorithm. */
  private static double continuedFraction(double x) {
    if (x > 27) {
      return 0; // below the smallest double
    }
    double tiny = 1e-300;
    double f = x;
    double c = x;
    double d = 0;
    for (int k = 1; k < 500; k++) {
      double a = k / 2.0;
      d = x + a * d;
      d = d == 0 ? tiny : d;
      c = x + a / c;
      c = c == 0 ? tiny : c;
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return ONE_OVER_SQRT_PI * expMinusSquare(x) / f;
  }
}
