package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.ShapeException;
import dev.nn4j.api.UnknownPluginException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class NetworkTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();

  @Test
  void explicitWeightsOfTheWrongShapeNameTheLayerAndBothShapes() {
    Network.Builder builder = Network.builder(REGISTRY).inputs(3).dense(2, "relu")
        .weights(new float[] {1, 2}, new float[] {3, 4});
    assertThatThrownBy(builder::build)
        .isInstanceOf(ShapeException.class)
        .hasMessage("layers[0].weights must be 2×3 but is 2×2");
    Network.Builder biases = Network.builder(REGISTRY).inputs(1).dense(2, "relu").biases(1);
    assertThatThrownBy(biases::build)
        .isInstanceOf(ShapeException.class)
        .hasMessage("layers[0].biases must have 2 values but has 1");
  }

  @Test
  void anUnknownActivationFailsWhenTheLayerIsAdded() {
    assertThatThrownBy(() -> Network.builder(REGISTRY).inputs(2).dense(2, "rleu"))
        .isInstanceOf(UnknownPluginException.class)
        .hasMessageContaining("did you mean 'relu'?");
  }

  @Test
  void theSameSeedGivesTheSameWeightsAndADifferentSeedOthers() {
    Network a = Network.builder(REGISTRY).inputs(4).seed(7).dense(3, "tanh").build();
    Network b = Network.builder(REGISTRY).inputs(4).seed(7).dense(3, "tanh").build();
    Network c = Network.builder(REGISTRY).inputs(4).seed(8).dense(3, "tanh").build();
    assertThat(a.layers().get(0).weights()).isEqualTo(b.layers().get(0).weights())
        .isNotEqualTo(c.layers().get(0).weights());
    float limit = (float) Math.sqrt(6.0 / 7);
    for (float w : a.layers().get(0).weights().data()) {
      assertThat(Math.abs(w)).isLessThanOrEqualTo(limit);
    }
    assertThat(a.parameterCount()).isEqualTo(4 * 3 + 3);
  }

  @Test
  void aCopyHasItsOwnWeights() {
    Network network = HmkcodeGoldenTest.hmkcodeNetwork();
    Network copy = network.copy();
    Trainer.builder(REGISTRY).fullBatch().build().fit(copy,
        new Dataset(Matrix.of(new float[] {2, 3}), Matrix.of(new float[] {1})));
    assertThat(network.predict(2, 3)[0]).isEqualTo(HmkcodeGoldenTest.hmkcodeNetwork()
        .predict(2, 3)[0]);
    assertThat(copy.predict(2, 3)[0]).isNotEqualTo(network.predict(2, 3)[0]);
  }

  @Test
  void predictRejectsTheWrongNumberOfFeatures() {
    assertThatThrownBy(() -> HmkcodeGoldenTest.hmkcodeNetwork().predict(1, 2, 3))
        .isInstanceOf(ShapeException.class)
        .hasMessage("the network takes 2 inputs per sample but the batch is 1×3");
  }

  @Test
  void threadsPredictingAtOnceGetTheSequentialResults() throws Exception {
    Network network = Network.builder(REGISTRY).inputs(8).seed(3)
        .dense(16, "tanh").dense(4, "sigmoid").build();
    float[][] inputs = new float[200][8];
    float[][] expected = new float[200][];
    for (int i = 0; i < inputs.length; i++) {
      for (int k = 0; k < 8; k++) {
        inputs[i][k] = (i * 8 + k) % 13 / 6.5f - 1;
      }
      expected[i] = network.predict(inputs[i]);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          for (int round = 0; round < 20; round++) {
            for (int i = 0; i < inputs.length; i++) {
              if (!Arrays.equals(network.predict(inputs[i]), expected[i])) {
                return false;
              }
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
