package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.ShapeException;
import dev.nn4j.api.UnknownPluginException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NetworkTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();

  @Test
  void explicitWeightsOfTheWrongShapeNameTheLayerAndBothShapes() {
    Network.Builder builder = Network.builder(REGISTRY).inputs(3).dense(2, "relu")
        .weights(new float[] {1, 2}, new float[] {3, 4});
    assertThatThrownBy(builder::build)
        .isInstanceOf(ShapeException.class)
        .hasMessage("layers[0]: weights must have 6 values (units × inputs of the layer) but has 4");
    Network.Builder biases = Network.builder(REGISTRY).inputs(1).dense(2, "relu").biases(1);
    assertThatThrownBy(biases::build)
        .isInstanceOf(ShapeException.class)
        .hasMessage("layers[0]: biases must have 2 values but has 1");
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
    assertThat(a.layers().get(0).parameter("weights")).isEqualTo(b.layers().get(0).parameter("weights"))
        .isNotEqualTo(c.layers().get(0).parameter("weights"));
    float limit = (float) Math.sqrt(6.0 / 7);
    for (float w : a.layers().get(0).parameter("weights")) {
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
  void sixteenThreadsPredictingAtOnceGetTheSequentialResultsExactly() throws Exception {
    Network network = Network.builder(REGISTRY).inputs(8).seed(3)
        .dense(16, "tanh").dense(4, "sigmoid").build();
    float[][] inputs = inputs(10_000);
    float[][] expected = predictAll(network, inputs);
    assertThat(runConcurrently(16, () -> Arrays.deepEquals(predictAll(network, inputs), expected)))
        .containsOnly(true).hasSize(16);
  }

  @Test
  void threadsPredictOnASnapshotWhileTheOriginalTrains() throws Exception {
    Network network = Network.builder(REGISTRY).inputs(8).seed(4)
        .dense(16, "tanh").dense(4, "sigmoid").build();
    Network snapshot = network.copy();
    float[][] inputs = inputs(2_000);
    float[][] expected = predictAll(snapshot, inputs);
    Matrix x = new Matrix(inputs.length, 8, flatten(inputs));
    Dataset data = new Dataset(x, Matrix.zeros(inputs.length, 4));
    Trainer trainer = Trainer.builder(REGISTRY).epochs(3).batchSize(16).build();
    List<Boolean> results = runConcurrently(8, new Callable<>() {
      private final AtomicInteger started = new AtomicInteger();

      @Override
      public Boolean call() {
        if (started.getAndIncrement() == 0) {
          trainer.fit(network, data);
          return true;
        }
        return Arrays.deepEquals(predictAll(snapshot, inputs), expected);
      }
    });
    assertThat(results).containsOnly(true);
    assertThat(Arrays.deepEquals(predictAll(network, inputs), expected)).isFalse();
  }

  private static float[][] inputs(int n) {
    SplittableRandom random = new SplittableRandom(12);
    float[][] inputs = new float[n][8];
    for (float[] row : inputs) {
      for (int k = 0; k < row.length; k++) {
        row[k] = (float) random.nextDouble(-2, 2);
      }
    }
    return inputs;
  }

  private static float[][] predictAll(Network network, float[][] inputs) {
    float[][] out = new float[inputs.length][];
    for (int i = 0; i < inputs.length; i++) {
      out[i] = network.predict(inputs[i]);
    }
    return out;
  }

  private static float[] flatten(float[][] rows) {
    return Matrix.of(rows).data();
  }

  private static <T> List<T> runConcurrently(int threads, Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(task));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
