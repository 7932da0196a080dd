package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.activations.SigmoidProvider;
import dev.nn4j.api.NnException;
import dev.nn4j.api.NoParameters;
import dev.nn4j.api.PluginException;
import dev.nn4j.api.PluginKind;
import dev.nn4j.api.UnknownPluginException;
import dev.nn4j.api.spi.Activation;
import dev.nn4j.api.spi.ActivationProvider;
import dev.nn4j.optimizers.SgdProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.nn4j.api.spi.Optimizer;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

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
          + " could not be instantiated (it threw \"license file not found\")"
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

  /** An activation provider whose methods can be broken one at a time. */
  private static final class Configurable implements ActivationProvider<Record> {
    private final Supplier<String> name;
    private final Supplier<Class<?>> type;
    private final Supplier<Object> defaults;

    Configurable(Supplier<String> name, Supplier<Class<?>> type, Supplier<Object> defaults) {
      this.name = name;
      this.type = type;
      this.defaults = defaults;
    }

    @Override
    public String name() {
      return name.get();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Class<Record> parametersType() {
      return (Class<Record>) type.get();
    }

    @Override
    public Record defaultParameters() {
      return (Record) defaults.get();
    }

    @Override
    public Activation create(Record parameters) {
      return new CubeActivationProvider();
    }
  }

  private static Configurable provider(Supplier<String> name, Supplier<Class<?>> type,
      Supplier<Object> defaults) {
    return new Configurable(name, type, defaults);
  }

  static Stream<Arguments> brokenProviders() {
    Supplier<Class<?>> noParameters = () -> NoParameters.class;
    Supplier<Object> none = () -> NoParameters.INSTANCE;
    return Stream.of(
        Arguments.of(provider(() -> {
          throw new IllegalStateException("no name yet");
        }, noParameters, none), "name() threw \"no name yet\""),
        Arguments.of(provider(() -> null, noParameters, none), "name() returned null"),
        Arguments.of(provider(() -> "a", () -> null, none), "parametersType() returned null"),
        Arguments.of(provider(() -> "a", () -> String.class, none),
            "parametersType() is java.lang.String, which is not a record class"),
        Arguments.of(provider(() -> "a", noParameters, () -> null),
            "defaultParameters() returned null"),
        Arguments.of(provider(() -> "a", noParameters, () -> {
          throw new UnsupportedOperationException("later");
        }), "defaultParameters() threw \"later\""),
        Arguments.of(provider(() -> "a", () -> SgdProvider.Parameters.class, none),
            "defaultParameters() returned a dev.nn4j.api.NoParameters, not a "
                + SgdProvider.Parameters.class.getName()),
        Arguments.of(provider(() -> "a", () -> Halving.class, () -> new Halving(1.5)),
            "defaultParameters() Halving[x=0.75] fails its own validation: x must be >= 1,"
                + " was 0.75"));
  }

  /**
   * Parameters whose constructor changes what it is given, so that the defaults, read back and
   * built again (as a config file written from them would be), fail validation.
   */
  public record Halving(double x) {
    /** Requires x ≥ 1, then halves it. */
    public Halving {
      if (x < 1) {
        throw new IllegalArgumentException("x must be >= 1, was " + x);
      }
      x = x / 2;
    }
  }

  @ParameterizedTest
  @MethodSource("brokenProviders")
  void aBrokenProviderIsRejectedWhenTheRegistryIsBuilt(ActivationProvider<?> broken,
      String problem) {
    assertThatThrownBy(() -> PluginRegistry.of(List.of(new SigmoidProvider(), broken)))
        .isInstanceOf(PluginException.class)
        .hasMessageContaining(broken.getClass().getName() + " (from ")
        .hasMessageContaining("test-classes") // the jar or folder it came from
        .hasMessageContaining(" is broken: " + problem);
  }

  @Test
  void aProviderWhoseCreateReturnsNullIsAClearError() {
    ActivationProvider<?> lazy = new CubeActivationProvider() {
      @Override
      public Activation create(NoParameters parameters) {
        return null;
      }
    };
    PluginRegistry withLazy = PluginRegistry.of(List.of(lazy));
    assertThatThrownBy(() -> withLazy.newActivation(PluginSpec.of("cube")))
        .isInstanceOf(PluginException.class)
        .hasMessageContaining(lazy.getClass().getName())
        .hasMessageContaining("is broken: create(NoParameters[]) returned null");
  }

  @Test
  void aSpecFromAMapIsBoundAndValidatedByTheRegistry() {
    Optimizer sgd = registry.newOptimizer(PluginSpec.of("sgd",
        Map.of("learningRate", 0.5, "momentum", 0.9)));
    assertThat(sgd.learningRate()).isEqualTo(0.5);
    assertThat(registry.resolve(PluginKind.OPTIMIZER, PluginSpec.of("sgd",
        Map.of("learningRate", 0.5, "momentum", 0.9))).parameters())
        .isEqualTo(new SgdProvider.Parameters(0.5, 0.9, false, 0));
    assertThat(registry.resolve(PluginKind.OPTIMIZER, PluginSpec.of("sgd", Map.of()))
        .parameters()).isEqualTo(new SgdProvider.Parameters(0.01));
    assertThatThrownBy(() -> registry.newOptimizer(PluginSpec.of("sgd",
        Map.of("learningRate", "0.1"))))
        .isInstanceOf(NnException.class)
        .hasMessage("the optimizer 'sgd': 'learningRate' of 'sgd' must be a number but is the"
            + " text \"0.1\"");
    assertThatThrownBy(() -> registry.newOptimizer(PluginSpec.of("sgd",
        Map.of("nesterov", 1))))
        .hasMessageContaining("'nesterov' of 'sgd' must be true or false but is 1");
    assertThatThrownBy(() -> registry.newOptimizer(PluginSpec.of("sgd",
        Map.of("learningrate", 0.1))))
        .hasMessageContaining("'sgd' has no parameter 'learningrate'; its parameters are"
            + " learningRate, momentum, nesterov, weightDecay");
    assertThatThrownBy(() -> registry.newOptimizer(PluginSpec.of("sgd",
        Map.of("learningRate", -1))))
        .hasMessageContaining("invalid parameters for 'sgd': learningRate must be a finite"
            + " number > 0, was -1.0");
  }
}
