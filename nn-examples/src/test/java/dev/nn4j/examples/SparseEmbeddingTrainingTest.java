package dev.nn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.OptimizerState;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingOptions;
import dev.nn4j.core.config.ConfigReader;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Sparse updates through the whole trainer (nn-core's {@code Updater}): an {@code embedding}
 * table of 20 rows trained on ids that use only rows 0–9 keeps rows 10–19, and their optimizer
 * state, bit-for-bit when the optimizer supports sparse rows ({@code adam} with {@code sparse:
 * true}, plain {@code sgd}); dense {@code adam} and an L2 penalty on the table both move them.
 */
class SparseEmbeddingTrainingTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();
  private static final int ROWS = 20;
  private static final int DIM = 3;
  private static final int USED = 10;

  @Test
  void sparseAdamLeavesUntouchedRowsAndTheirMomentsBitIdentical() {
    Run run = train(Map.of("learningRate", 0.05, "sparse", true), "");
    assertThat(run.untouchedChanged()).isFalse();
    assertThat(run.usedChanged()).isTrue();
    float[] m = run.state.buffer("layers[0].weights/m");
    float[] v = run.state.buffer("layers[0].weights/v");
    for (int i = USED * DIM; i < ROWS * DIM; i++) {
      assertThat(Float.floatToRawIntBits(m[i])).as("m[%d]", i).isZero();
      assertThat(Float.floatToRawIntBits(v[i])).as("v[%d]", i).isZero();
    }
    assertThat(Arrays.copyOf(v, USED * DIM)).isNotEqualTo(new float[USED * DIM]);
  }

  @Test
  void plainSgdLeavesUntouchedRowsBitIdentical() {
    Run run = trainWith("sgd", Map.of("learningRate", 0.5), "");
    assertThat(run.untouchedChanged()).isFalse();
    assertThat(run.usedChanged()).isTrue();
  }

  @Test
  void rowsNoLongerUsedStopUnderSparseAdamButDriftUnderDenseAdam() {
    // Rows never used keep their values under dense Adam too (zero moments give a zero update);
    // what tells the two apart is a row used in the first epoch (ids 0-9) and not afterwards
    // (ids 0-4): dense Adam keeps moving it with its decaying first moment, sparse Adam does not.
    Run sparse = train(Map.of("learningRate", 0.05, "sparse", true), "", true);
    Run dense = train(Map.of("learningRate", 0.05), "", true);
    assertThat(sparse.movedAfterFirstEpoch(5, USED)).isFalse();
    assertThat(sparse.movedAfterFirstEpoch(0, 5)).isTrue();
    assertThat(dense.movedAfterFirstEpoch(5, USED)).isTrue();
  }

  @Test
  void anL2PenaltyOnTheTableMakesItsGradientDense() {
    Run run = train(Map.of("learningRate", 0.05, "sparse", true), ", l2: 0.01");
    assertThat(run.untouchedChanged()).isTrue();
  }

  private static Run train(Map<String, Object> adam, String layerExtra) {
    return train(adam, layerExtra, false);
  }

  private static Run train(Map<String, Object> adam, String layerExtra, boolean narrowing) {
    return trainWith("adam", adam, layerExtra, narrowing);
  }

  private static Run trainWith(String optimizer, Map<String, Object> parameters,
      String layerExtra) {
    return trainWith(optimizer, parameters, layerExtra, false);
  }

  /**
   * Trains a 20×3 embedding of two ids per sample into a softmax over two classes, for 4 epochs
   * of 8 batches of 16, on ids below 10 (below 5 after the first epoch when {@code narrowing}).
   */
  private static Run trainWith(String name, Map<String, Object> parameters, String layerExtra,
      boolean narrowing) {
    Network network = new ConfigReader(REGISTRY).readNetwork("""
        inputs: 2
        seed: 3
        layers:
          - {type: embedding, numEmbeddings: %d, embeddingDim: %d%s}
          - {units: 2, activation: softmax}
        """.formatted(ROWS, DIM, layerExtra), "sparse.yaml").build(REGISTRY);
    float[] before = network.parameters().get(0).value().clone();
    Optimizer optimizer = REGISTRY.newOptimizer(PluginSpec.of(name, parameters));
    Trainer trainer = new Trainer(REGISTRY.newLoss(PluginSpec.of("categorical_cross_entropy")),
        optimizer, TrainingOptions.DEFAULTS.withEpochs(1).withBatchSize(16).withSeed(5));
    Parameter table = network.parameters().get(0);
    float[] firstEpoch = null;
    for (int epoch = 0; epoch < 4; epoch++) {
      int bound = narrowing && epoch > 0 ? 5 : USED;
      trainer.fit(network, data(bound, epoch));
      if (epoch == 0) {
        firstEpoch = table.value().clone();
      }
    }
    return new Run(before, firstEpoch, table.value().clone(), optimizer.exportState());
  }

  /** 128 samples of two ids below {@code bound}; the class is whether their sum is even. */
  private static Dataset data(int bound, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = 128;
    float[] x = new float[n * 2];
    float[] y = new float[n * 2];
    for (int i = 0; i < n; i++) {
      int a = random.nextInt(bound);
      int b = random.nextInt(bound);
      x[2 * i] = a;
      x[2 * i + 1] = b;
      y[2 * i + (a + b) % 2] = 1;
    }
    return new Dataset(new Matrix(n, 2, x), new Matrix(n, 2, y));
  }

  private record Run(float[] before, float[] firstEpoch, float[] after, OptimizerState state) {

    /** Whether any bit of rows [from, to) differs between two snapshots. */
    private static boolean differ(float[] a, float[] b, int from, int to) {
      return !Arrays.equals(Arrays.copyOfRange(a, from * DIM, to * DIM),
          Arrays.copyOfRange(b, from * DIM, to * DIM));
    }

    boolean changedBetween(int from, int to) {
      return differ(before, after, from, to);
    }

    boolean movedAfterFirstEpoch(int from, int to) {
      return differ(firstEpoch, after, from, to);
    }

    boolean untouchedChanged() {
      return changedBetween(USED, ROWS);
    }

    boolean usedChanged() {
      return changedBetween(0, USED);
    }
  }
}
