package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.nn4j.api.Matrix;
import dev.nn4j.api.NoParameters;
import dev.nn4j.api.PluginException;
import dev.nn4j.api.PluginKind;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.api.spi.LossProvider;
import dev.nn4j.api.spi.NoParametersProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NnModuleTest {

  /** An application's own loss, bound into the plugin set instead of discovered. */
  record AbsoluteErrorProvider() implements LossProvider<NoParameters>,
    NoParametersProvider<Loss> {
    @Override
    public String name() {
      return "app_absolute_error";
    }


    @Override
    public Loss create(NoParameters parameters) {
      return new Loss() {
        @Override
        public double value(Matrix s, Matrix y) {
          double sum = 0;
          for (int i = 0; i < s.size(); i++) {
            sum += Math.abs(s.data()[i] - y.data()[i]);
          }
          return sum / s.rows();
        }

        @Override
        public void gradient(Matrix s, Matrix y, Matrix g) {
          for (int i = 0; i < s.size(); i++) {
            g.data()[i] = Math.signum(s.data()[i] - y.data()[i]) / s.rows();
          }
        }
      };
    }
  }

  @Test
  void theRegistryHoldsDiscoveredAndApplicationBoundProviders() {
    Injector injector = Guice.createInjector(new NnModule(), new AbstractModule() {
      @Override
      protected void configure() {
        NnModule.plugins(binder()).addBinding().toInstance(new AbsoluteErrorProvider());
      }
    });
    PluginRegistry registry = injector.getInstance(PluginRegistry.class);
    assertThat(registry.names(PluginKind.LOSS)).contains("app_absolute_error", "squared_error");
    assertThat(registry.names(PluginKind.ACTIVATION)).contains("sigmoid", "cube");
    assertThat(injector.getInstance(PluginRegistry.class)).isSameAs(registry);
  }

  @Test
  void anInjectedRegistryTrainsLikeADiscoveredOne() {
    PluginRegistry injected = Guice.createInjector(new NnModule()).getInstance(PluginRegistry.class);
    Network a = HmkcodeGoldenTest.hmkcodeNetwork();
    Network b = Network.builder(injected).inputs(2)
        .dense(2, PluginSpec.of("identity"), false)
        .weights(new float[] {0.11f, 0.21f}, new float[] {0.12f, 0.08f})
        .dense(1, PluginSpec.of("identity"), false)
        .weights(new float[] {0.14f, 0.15f})
        .build();
    assertThat(b.predict(2, 3)).containsExactly(a.predict(2, 3));
    assertThat(injected.names(PluginKind.OPTIMIZER))
        .isEqualTo(PluginRegistry.discover().names(PluginKind.OPTIMIZER));
  }

  private static TrainingListener epochCounter(List<Integer> epochs) {
    return new TrainingListener() {
      @Override
      public void onEpochEnd(EpochResult epoch) {
        epochs.add(epoch.epoch());
      }
    };
  }

  private static Injector withListener(TrainingListener listener) {
    return Guice.createInjector(new NnModule(), new AbstractModule() {
      @Override
      protected void configure() {
        NnModule.listeners(binder()).addBinding().toInstance(listener);
      }
    });
  }

  @Test
  void applicationsBindTrainingListenersIntoOneSet() {
    List<Integer> epochs = new ArrayList<>();
    TrainingListener counter = epochCounter(epochs);
    Injector injector = withListener(counter);
    Set<TrainingListener> listeners = injector.getInstance(
        Key.get(new TypeLiteral<Set<TrainingListener>>() {}));
    assertThat(listeners).containsExactly(counter);
    Trainer.builder(injector.getInstance(PluginRegistry.class)).epochs(3).fullBatch().build()
        .fit(HmkcodeGoldenTest.hmkcodeNetwork(), new Dataset(Matrix.of(new float[] {2, 3}),
            Matrix.of(new float[] {1})), null, List.copyOf(listeners));
    assertThat(epochs).containsExactly(1, 2, 3);
    assertThat(Guice.createInjector(new NnModule()).getInstance(
        Key.get(new TypeLiteral<Set<TrainingListener>>() {}))).isEmpty();
  }

  @Test
  void theInjectedTrainerNotifiesTheBoundListenersWithoutBeingHandedThem() {
    List<Integer> epochs = new ArrayList<>();
    TrainingListener counter = epochCounter(epochs);
    Injector injector = withListener(counter);
    Dataset one = new Dataset(Matrix.of(new float[] {2, 3}), Matrix.of(new float[] {1}));
    injector.getInstance(Trainer.Builder.class).epochs(2).fullBatch().build()
        .fit(HmkcodeGoldenTest.hmkcodeNetwork(), one);
    assertThat(epochs).containsExactly(1, 2);
    injector.getInstance(Trainer.class).fit(HmkcodeGoldenTest.hmkcodeNetwork(), one);
    assertThat(epochs).containsExactly(1, 2, 1);
    assertThat(injector.getInstance(Trainer.class).listeners()).containsExactly(counter);
  }

  /** A second {@code cube}, bound by the application: clashes with the discovered one. */
  static final class SecondCube extends CubeActivationProvider {}

  @Test
  void aDuplicatePluginFailsInjectorCreationNamingTheJarAndTheBinding() {
    AbstractModule app = new AbstractModule() {
      @Override
      protected void configure() {
        NnModule.plugins(binder()).addBinding().toInstance(new SecondCube());
      }
    };
    assertThatThrownBy(() -> Guice.createInjector(new NnModule(), app))
        .isInstanceOf(CreationException.class)
        .rootCause().isInstanceOf(PluginException.class)
        .hasMessageContaining("two activation plugins are named 'cube'")
        .hasMessageContaining(CubeActivationProvider.class.getName() + " (from "
            + PluginDiscovery.origin(CubeActivationProvider.class) + ", found by NnModule)")
        .hasMessageContaining(SecondCube.class.getName() + " (bound at ")
        .hasMessageContaining("NnModuleTest")
        .hasMessageContaining("remove the binding at ")
        .hasMessageNotContaining("remove one of them from the classpath");
  }

  @Test
  void aDuplicatePluginInTheClassPathAloneNamesBothJars() {
    PluginException e = org.junit.jupiter.api.Assertions.assertThrows(PluginException.class,
        () -> PluginRegistry.of(List.of(new CubeActivationProvider(), new SecondCube())));
    String jar = PluginDiscovery.origin(CubeActivationProvider.class);
    assertThat(e.getMessage()).contains(CubeActivationProvider.class.getName() + " (from " + jar)
        .contains(SecondCube.class.getName())
        .contains("both come from " + jar + ", so remove one of them there");
  }
}
