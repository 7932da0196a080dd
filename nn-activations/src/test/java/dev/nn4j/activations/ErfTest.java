package dev.nn4j.activations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** erf and erfc against reference values (glibc's libm, correct to the last digit printed). */
class ErfTest {

  @ParameterizedTest
  @CsvSource({
      "0.1, 0.1124629160182849, 0.8875370839817152",
      "0.5, 0.5204998778130465, 0.4795001221869535",
      "1, 0.8427007929497149, 0.15729920705028513",
      "2, 0.9953222650189527, 0.004677734981047265",
      "2.9, 0.9999589021219005, 4.109787809945886e-05",
      "3, 0.9999779095030014, 2.2090496998585438e-05",
      "3.5, 0.9999992569016276, 7.430983723414128e-07",
      "5, 0.9999999999984626, 1.5374597944280351e-12",
      "10, 1.0, 2.088487583762545e-45",
      "26, 1.0, 5.663192408856143e-296"})
  void matchesReferenceValues(double x, double erf, double erfc) {
    assertThat(relative(Erf.erf(x), erf)).as("erf(%s)", x).isLessThanOrEqualTo(1e-15);
    assertThat(relative(Erf.erf(-x), -erf)).as("erf(-%s)", x).isLessThanOrEqualTo(1e-15);
    // below 3, erfc is 1 − erf (absolute error ≤ 1e-15, relative ≤ 3e-11 at 2.9: ample for
    // float gelu); from 3 the continued fraction keeps its relative precision far into the tail
    if (x < 3) {
      assertThat(Math.abs(Erf.erfc(x) - erfc)).as("erfc(%s)", x).isLessThanOrEqualTo(1e-15);
    } else {
      assertThat(relative(Erf.erfc(x), erfc)).as("erfc(%s)", x).isLessThanOrEqualTo(1e-13);
    }
    assertThat(relative(Erf.erfc(-x), 2 - erfc)).as("erfc(-%s)", x).isLessThanOrEqualTo(1e-15);
  }

  private static double relative(double actual, double expected) {
    return Math.abs(actual - expected) / Math.abs(expected);
  }
}
