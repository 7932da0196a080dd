package dev.nn4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.api.NnException;
import dev.nn4j.api.spi.Backend;
import dev.nn4j.testkit.BackendContract;
import org.junit.jupiter.api.Test;

class JavaBackendTest extends BackendContract {

  @Override
  protected Backend backend() {
    return new JavaBackend();
  }

  @Test
  void backendsAreDiscoveredRankedAndForcedByName() {
    ClassLoader loader = getClass().getClassLoader();
    assertThat(Backends.installed(loader)).extracting(Backend::name).contains("java");
    assertThat(Backends.choose("java", loader)).isInstanceOf(JavaBackend.class);
    assertThatThrownBy(() -> Backends.choose("cuda", loader))
        .isInstanceOf(NnException.class)
        .hasMessageContaining("unknown backend 'cuda'; installed backends: ")
        .hasMessageContaining("java");
  }
}
