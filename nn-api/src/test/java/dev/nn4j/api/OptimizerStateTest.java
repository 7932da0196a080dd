package dev.nn4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizerStateTest {

  @Test
  void isASnapshotThatLaterWritesCannotChange() {
    float[] velocity = {1, 2};
    Map<String, float[]> buffers = new HashMap<>(Map.of("velocity", velocity));
    OptimizerState state = new OptimizerState(3, buffers);
    velocity[0] = 99;
    buffers.clear();
    assertThat(state.buffer("velocity")).containsExactly(1, 2);
    state.buffer("velocity")[1] = 42;
    assertThat(state.buffer("velocity")).containsExactly(1, 2);
  }

  @Test
  void comparesBuffersByContent() {
    OptimizerState a = new OptimizerState(1, Map.of("m", new float[] {1, 2}));
    OptimizerState b = new OptimizerState(1, Map.of("m", new float[] {1, 2}));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(new OptimizerState(2, Map.of("m", new float[] {1, 2})));
  }

  @Test
  void aMissingBufferNamesThoseThatExist() {
    OptimizerState state = new OptimizerState(1, Map.of("m", new float[1]));
    assertThatThrownBy(() -> state.buffer("v"))
        .hasMessageContaining("no buffer 'v'")
        .hasMessageContaining("[m]");
  }
}
