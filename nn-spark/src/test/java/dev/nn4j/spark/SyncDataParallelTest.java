package dev.nn4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.PluginKind;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyncDataParallelTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();
  private static final PluginSpec LOSS =
      REGISTRY.resolve(PluginKind.LOSS, PluginSpec.of("categorical_cross_entropy"));
  private static SparkSession session;
  private static JavaSparkContext spark;

  @BeforeAll
  static void start() {
    session = LocalSpark.start("SyncDataParallelTest");
    spark = JavaSparkContext.fromSparkContext(session.sparkContext());
  }

  @AfterAll
  static void stop() {
    session.stop();
  }

  private static Network network() {
    return Network.builder(REGISTRY).inputs(5).seed(7).dense(16, "tanh").dense(8, "relu")
        .dense(3, "softmax").build();
  }

  /** 70 seeded samples of 3 classes (the last batch of 20-row batches has 10 rows). */
  private static Dataset data() {
    SplittableRandom random = new SplittableRandom(11);
    int n = 70;
    float[] x = new float[n * 5];
    float[] y = new float[n * 3];
    for (int i = 0; i < n; i++) {
      int c = random.nextInt(3);
      for (int j = 0; j < 5; j++) {
        x[i * 5 + j] = (float) (random.nextGaussian() + (j % 3 == c ? 1.5 : 0));
      }
      y[i * 3 + c] = 1;
    }
    return new Dataset(new Matrix(n, 5, x), new Matrix(n, 3, y));
  }

  private static Trainer.Builder trainer() {
    return Trainer.builder(REGISTRY).loss(LOSS).optimizer("adam").epochs(2).batchSize(20)
        .shuffle(true).seed(3);
  }

  private static List<float[]> weights(Network network) {
    List<float[]> values = new ArrayList<>();
    network.parameters().forEach(p -> values.add(p.value().clone()));
    return values;
  }

  private static List<float[]> trainOnSpark(int partitions) {
    Network network = network();
    trainer().gradientStrategy(new SyncDataParallel(spark, LOSS, partitions)).build()
        .fit(network, data());
    return weights(network);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 4})
  void equalsTheSingleMachineTrainerWithTheSameGlobalBatch(int partitions) {
    Network local = network();
    TrainingHistory expected = trainer().build().fit(local, data());
    List<float[]> reference = weights(local);

    Network distributed = network();
    TrainingHistory actual = trainer()
        .gradientStrategy(new SyncDataParallel(spark, LOSS, partitions)).build()
        .fit(distributed, data());
    List<float[]> got = weights(distributed);

    double largest = 0;
    for (int i = 0; i < reference.size(); i++) {
      for (int e = 0; e < reference.get(i).length; e++) {
        largest = Math.max(largest, Math.abs(reference.get(i)[e] - got.get(i)[e]));
      }
    }
    assertThat(largest).isLessThanOrEqualTo(1e-6);
    // the weights moved: the comparison is not between two untrained networks
    assertThat(reference.get(0)).isNotEqualTo(weights(network()).get(0));
    assertThat(actual.epochs().get(1).metrics().get("loss"))
        .isCloseTo(expected.epochs().get(1).metrics().get("loss"), org.assertj.core.data.Offset
            .offset(1e-5));
    if (partitions == 1) {
      for (int i = 0; i < reference.size(); i++) {
        assertThat(got.get(i)).containsExactly(reference.get(i));
      }
    }
  }

  @Test
  void repeatedRunsAreBitIdentical() {
    List<float[]> first = trainOnSpark(4);
    List<float[]> second = trainOnSpark(4);
    for (int i = 0; i < first.size(); i++) {
      assertThat(second.get(i)).containsExactly(first.get(i));
    }
  }

  @Test
  void moreSharesThanRowsLeavesEmptySharesOut() {
    // batches of 20 rows over 25 shares: five shares of every step have no rows
    Network local = network();
    trainer().build().fit(local, data());
    List<float[]> got = trainOnSpark(25);
    List<float[]> reference = weights(local);
    for (int i = 0; i < reference.size(); i++) {
      for (int e = 0; e < reference.get(i).length; e++) {
        assertThat((double) got.get(i)[e]).isCloseTo(reference.get(i)[e],
            org.assertj.core.data.Offset.offset(1e-6));
      }
    }
  }

  @Test
  void aNetworkWithStateBuffersIsRefused() {
    Network withBatchNorm = Network.builder(REGISTRY).inputs(5).seed(7).dense(8, "relu")
        .layer(PluginSpec.of("batch_norm")).dense(3, "softmax").build();
    Trainer trainer = trainer().gradientStrategy(new SyncDataParallel(spark, LOSS, 2)).build();
    assertThatThrownBy(() -> trainer.fit(withBatchNorm, data()))
        .isInstanceOf(Nn4jSparkException.class)
        .hasMessageContaining("state buffers");
  }

  @Test
  void sharesDifferByAtMostOneRowAndCoverTheBatch() {
    assertThat(SyncDataParallel.starts(10, 4)).containsExactly(0, 3, 6, 8, 10);
    assertThat(SyncDataParallel.starts(2, 3)).containsExactly(0, 1, 2, 2);
  }

  @Test
  void aPluginMissingOnTheExecutorsIsNamed() {
    // the executors' registry lacks the tanh activation that the network uses
    ExecutorRegistry withoutTanh = TestSupport.executorsWithout(PluginKind.ACTIVATION, "tanh");
    Trainer trainer = trainer()
        .gradientStrategy(new SyncDataParallel(spark, LOSS, 2, withoutTanh)).build();
    assertThatThrownBy(() -> trainer.fit(network(), data()))
        .isInstanceOf(Nn4jSparkException.class)
        .hasMessageContaining("an executor cannot rebuild the network")
        .hasMessageContaining("tanh")
        .hasMessageContaining("--jars");
  }
}
