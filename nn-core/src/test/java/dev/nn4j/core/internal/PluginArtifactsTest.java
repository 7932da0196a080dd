package dev.nn4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.api.PluginKind;
import dev.nn4j.api.UnknownPluginException;
import dev.nn4j.api.spi.PluginProvider;
import dev.nn4j.core.PluginDiscovery;
import dev.nn4j.core.PluginRegistry;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PluginArtifactsTest {

  /**
   * The table names every plugin the modules on this test class path provide, with the module
   * whose classes hold it (nn-activations, nn-losses, nn-optimizers; nn-layers is checked by
   * name in the table only, as it is not on nn-core's class path).
   */
  @Test
  void theTableMatchesThePluginModulesServiceFiles() {
    for (PluginKind kind : java.util.List.of(PluginKind.ACTIVATION, PluginKind.LOSS,
        PluginKind.OPTIMIZER, PluginKind.SCHEDULE)) {
      Map<String, String> found = new TreeMap<>();
      for (PluginProvider<?, ?> p : PluginRegistry.discover().providers(kind)) {
        String origin = PluginDiscovery.origin(p.getClass());
        for (String module : java.util.List.of("nn-activations", "nn-losses", "nn-optimizers")) {
          if (origin.contains("/" + module + "/") || origin.contains("/" + module + "-")) {
            found.put(p.name(), "dev.nn4j:" + module);
          }
        }
      }
      assertThat(found).as(kind.label()).isNotEmpty();
      assertThat(new TreeMap<>(PluginArtifacts.of(kind))).as(kind.label()).isEqualTo(found);
    }
    assertThat(PluginArtifacts.of(PluginKind.LAYER, "conv2d")).isEqualTo("dev.nn4j:nn-layers");
    assertThat(PluginArtifacts.of(PluginKind.LAYER, "dense")).isNull();
  }

  @Test
  void aBuiltInNameMissingFromTheClassPathNamesItsArtifact() {
    PluginRegistry coreOnly = PluginRegistry.builtIns();
    assertThatThrownBy(() -> coreOnly.activation("tanh"))
        .isInstanceOf(UnknownPluginException.class)
        .hasMessageContaining("tanh is in dev.nn4j:nn-activations, which is not on the class "
            + "path; add it, or use dev.nn4j:nn4j-all")
        .satisfies(e -> assertThat(((UnknownPluginException) e).artifact())
            .contains("dev.nn4j:nn-activations"));
    assertThatThrownBy(() -> coreOnly.provider(PluginKind.LAYER, "conv2d"))
        .hasMessageContaining("conv2d is in dev.nn4j:nn-layers");
    assertThatThrownBy(() -> PluginRegistry.discover().activation("tahn"))
        .hasMessageContaining("did you mean 'tanh'")
        .hasMessageNotContaining(" is in dev.nn4j:");
  }
}
