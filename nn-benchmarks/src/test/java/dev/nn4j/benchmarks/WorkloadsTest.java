package dev.nn4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.backend.JavaBackend;
import org.junit.jupiter.api.Test;

/** The benchmarks measure what they claim: the workloads have the peers' shapes and train. */
class WorkloadsTest {

  @Test
  void theMlpHasThePeersShapeAndItsStepLowersTheLoss() {
    TrainingBenchmark bench = new TrainingBenchmark();
    bench.backend = "java";
    bench.optimizer = "sgd";
    bench.form = "sequential";
    bench.setUp();
    double first = bench.trainStep();
    double later = first;
    for (int i = 0; i < 20; i++) {
      later = bench.trainStep();
    }
    assertThat(later).isLessThan(first);
    assertThat(Mlp.network(new JavaBackend()).parameterCount())
        .isEqualTo(784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10);
  }

  @Test
  void theThreeFormsOfTheMlpAreOneFunction() {
    var x = Mlp.data(3, 1).features();
    var sequential = Mlp.network(new JavaBackend(), "sequential").predict(x);
    assertThat(Mlp.network(new JavaBackend(), "graph").predict(x)).isEqualTo(sequential);
    assertThat(Mlp.network(new JavaBackend(), "activations").predict(x)).isEqualTo(sequential);
  }

  @Test
  void theTinyStepIsTheGoldenExample() {
    LatencyBenchmark bench = new LatencyBenchmark();
    bench.setUp();
    assertThat(bench.tinyStep()).isCloseTo(0.5 * (1 - 0.191) * (1 - 0.191), within(1e-6));
    assertThat(bench.predictOne()).hasSize(10)
        .containsExactly(bench.predictOneNetwork(), within(1e-6f));
  }

  @Test
  void gemmOperandsHaveTheDeclaredShape() {
    GemmBenchmark bench = new GemmBenchmark();
    bench.backend = "java";
    bench.shape = "128x256x784";
    bench.setUp();
    assertThat(bench.forward()).hasSize(128 * 256);
    assertThat(bench.weightGradient()).hasSize(256 * 784);
    assertThat(bench.inputGradient()).hasSize(128 * 784);
  }
}
