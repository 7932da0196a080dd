package dev.nn4j.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.api.spi.Backend;
import dev.nn4j.testkit.BackendContract;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The same contract as the Java backend, run with the Vector API module present. */
class VectorBackendTest extends BackendContract {

  @Override
  protected Backend backend() {
    return new VectorBackend();
  }

  @Test
  void isAvailableHereAndRegistered() {
    assertThat(new VectorBackend().isAvailable()).isTrue();
    assertThat(new VectorBackend().unavailableReason()).isEmpty();
    assertThat(ServiceLoader.load(Backend.class).stream().map(ServiceLoader.Provider::type))
        .contains(VectorBackend.class);
  }
}
