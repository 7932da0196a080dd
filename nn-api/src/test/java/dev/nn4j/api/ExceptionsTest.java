package dev.nn4j.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExceptionsTest {

  @Test
  void unknownPluginNamesWhatIsInstalledAndTheClosest() {
    var e = new UnknownPluginException(
        PluginKind.ACTIVATION, "sigmod", List.of("relu", "sigmoid", "tanh"), "sigmoid");
    assertThat(e).hasMessage("unknown activation 'sigmod'; did you mean 'sigmoid'? "
        + "Installed activations: relu, sigmoid, tanh");
    assertThat(e.closest()).contains("sigmoid");
    assertThat(e.installed()).containsExactly("relu", "sigmoid", "tanh");
  }

  @Test
  void configErrorsStartWithFileLineColumnAndPath() {
    var e = new ConfigException("xor.yaml", 7, 17, "layers[1].activation", "unknown activation",
        null);
    assertThat(e).hasMessage("xor.yaml:7:17: layers[1].activation: unknown activation");
    assertThat(e.line()).isEqualTo(7);
    assertThat(e.path()).isEqualTo("layers[1].activation");
  }
}
