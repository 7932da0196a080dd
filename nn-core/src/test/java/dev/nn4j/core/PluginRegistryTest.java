package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.activations.SigmoidProvider;
import dev.nn4j.api.NnException;
import dev.nn4j.api.PluginException;
import dev.nn4j.api.PluginKind;
import dev.nn4j.api.UnknownPluginException;
import dev.nn4j.api.spi.ActivationProvider;
import dev.nn4j.optimizers.SgdProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PluginRegistryTest {

  private final PluginRegistry registry = PluginRegistry.discover();

  @Test
  void discoversTheBuiltInPluginsOfEveryKind() {
    assertThat(registry.names(PluginKind.ACTIVATION))
        .contains("identity", "sigmoid", "tanh", "relu");
    assertThat(registry.names(PluginKind.LOSS)).contains(
        "squared_error", "mse", "binary_cross_entropy", "categorical_cross_entropy");
    assertThat(registry.names(PluginKind.OPTIMIZER)).contains("sgd");
  }

  @Test
  void findsAProviderThatOnlyTheTestClassPathContains() {
    assertThat(registry.activation("cube")).isInstanceOf(CubeActivationProvider.class);
    assertThat(registry.newActivation(PluginSpec.of("cube"))).isNotNull();
  }

  @Test
  void anUnknownNameListsTheInstalledNamesAndTheClosest() {
    assertThatThrownBy(() -> registry.activation("sigmod"))
        .isInstanceOf(UnknownPluginException.class)
        .hasMessageContaining("unknown activation 'sigmod'; did you mean 'sigmoid'?")
        .hasMessageContaining("cube, elu, gelu, hard_sigmoid, identity, leaky_relu, relu, selu,"
            + " sigmoid, silu, softmax, softplus, softsign, tanh");
  }

  @Test
  void aDuplicateNameNamesBothClasses() {
    ActivationProvider<?> impostor = new CubeActivationProvider() {
      @Override
      public String name() {
        return "sigmoid";
      }
    };
    assertThatThrownBy(() -> PluginRegistry.of(List.of(new SigmoidProvider(), impostor)))
        .isInstanceOf(PluginException.class)
        .hasMessageContaining("two activation plugins are named 'sigmoid'")
        .hasMessageContaining(SigmoidProvider.class.getName())
        .hasMessageContaining(impostor.getClass().getName())
        .hasMessageContaining("nn-activations");
  }

  @Test
  void aMalformedNameIsRejected() {
    ActivationProvider<?> shouting = new CubeActivationProvider() {
      @Override
      public String name() {
        return "Cube";
      }
    };
    assertThatThrownBy(() -> PluginRegistry.of(List.of(shouting)))
        .isInstanceOf(PluginException.class)
        .hasMessageContaining("has the activation name 'Cube'");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "com.example.MissingActivation | Provider com.example.MissingActivation not found",
      "dev.nn4j.core.Network | dev.nn4j.core.Network not a subtype",
      "dev.nn4j.core.ThrowingActivationProvider | Provider dev.nn4j.core.ThrowingActivationProvider"
          + " could not be instantiated (java.lang.IllegalStateException: license file not found)"
  })
  void aBrokenProviderNamesTheClassWhyAndTheServicesFileThatListsIt(String listed, String why,
      @TempDir Path jar) throws IOException {
    URL servicesFile = writeServicesFile(jar, listed);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
        PluginRegistryTest.class.getClassLoader())) {
      assertThatThrownBy(() -> PluginRegistry.discover(loader))
          .isInstanceOf(PluginException.class)
          .hasMessageContaining("cannot load 1 plugin: ")
          .hasMessageContaining(why)
          .hasMessageContaining(listed + " is listed in " + servicesFile);
    }
  }

  @Test
  void everyBrokenProviderIsReportedAtOnce(@TempDir Path jar) throws IOException {
    writeServicesFile(jar, "com.example.First\ncom.example.Second");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
        PluginRegistryTest.class.getClassLoader())) {
      assertThatThrownBy(() -> PluginRegistry.discover(loader))
          .hasMessageContaining("cannot load 2 plugins: ")
          .hasMessageContaining("com.example.First not found")
          .hasMessageContaining("com.example.Second not found");
    }
  }

  private static URL writeServicesFile(Path jar, String classNames) throws IOException {
    Path services = jar.resolve("META-INF/services");
    Files.createDirectories(services);
    Path file = services.resolve(ActivationProvider.class.getName());
    Files.writeString(file, classNames + "\n");
    return file.toUri().toURL();
  }

  @Test
  void resolveFillsInDefaultsAndRejectsAnotherProvidersParameters() {
    assertThat(registry.resolve(PluginKind.OPTIMIZER, PluginSpec.of("sgd")).parameters())
        .isEqualTo(new SgdProvider.Parameters(0.01));
    assertThatThrownBy(() -> registry.resolve(PluginKind.ACTIVATION,
        PluginSpec.of("relu", new SgdProvider.Parameters(0.1))))
        .isInstanceOf(NnException.class)
        .hasMessageContaining("the activation 'relu' takes parameters of type");
  }
}
