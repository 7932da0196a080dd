package dev.nn4j.api.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParallelLoopTest {

  @Test
  void grainsCoverTheIndicesWithoutOverflowing() {
    int grain = ParallelLoop.GRAIN;
    assertThat(ParallelLoop.grains(0)).isZero();
    assertThat(ParallelLoop.grains(1)).isEqualTo(1);
    assertThat(ParallelLoop.grains(grain)).isEqualTo(1);
    assertThat(ParallelLoop.grains(grain + 1)).isEqualTo(2);
    assertThat(ParallelLoop.grains(5 * grain + 3)).isEqualTo(6);
    // size + GRAIN - 1 overflows int here; the count must still be ⌈size / GRAIN⌉
    assertThat(ParallelLoop.grains(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE / grain + 1);
  }
}
