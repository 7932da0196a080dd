package com.example.nn4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.PluginTrial;
import org.junit.jupiter.api.Test;

/** Each of the example's plugins trains end to end by name, as a configuration uses it. */
class PluginTrialTest {

  @Test
  void theActivationTheOptimizerAndTheLayerTrainByName() {
    PluginTrial.Result mish = PluginTrial.run(new MishProvider(), "");
    assertThat(mish.config()).contains("activation: {type: mish}");
    assertThat(mish.history().epochs()).hasSize(5);
    assertThat(PluginTrial.run(new LionProvider(), "learningRate: 0.001").history().finalLoss())
        .isFinite();
    PluginTrial.Result scale = PluginTrial.run(new ScaleProvider(), "shift: false, gain: 0.5");
    assertThat(scale.config()).contains("- {type: scale, shift: false, gain: 0.5}");
    assertThat(scale.history().finalLoss()).isLessThan(scale.history().losses().get(0));
  }

  @Test
  void aParameterThatDoesNotBindIsNamed() {
    assertThatThrownBy(() -> PluginTrial.run(new ScaleProvider(), "gain: \"half\""))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("scale (com.example.nn4j.ScaleProvider) did not train by name")
        .hasMessageContaining("'gain' of 'scale' must be a number");
  }
}
