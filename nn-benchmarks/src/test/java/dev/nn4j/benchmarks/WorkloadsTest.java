package dev.nn4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.backend.JavaBackend;
import org.junit.jupiter.api.Test;

/** The benchmarks measure what they claim: the workloads have the peers' shapes and train. */
class WorkloadsTest {

  @Test
  void theMlpHasThePeersShapeAndItsStepLowersTheLoss() {
    assertStepsLowerTheLoss("sgd", "sequential", 20);
    assertThat(Mlp.network(new JavaBackend()).parameterCount())
        .isEqualTo(784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10);
  }

  /** The training benchmark's loss after some steps is below its first step's. */
  private static void assertStepsLowerTheLoss(String optimizer, String form, int steps) {
    TrainingBenchmark bench = new TrainingBenchmark();
    bench.backend = "java";
    bench.optimizer = optimizer;
    bench.form = form;
    bench.setUp();
    double first = bench.trainStep();
    double later = first;
    for (int i = 0; i < steps; i++) {
      later = bench.trainStep();
    }
    assertThat(later).isLessThan(first);
  }

  @Test
  void theThreeFormsOfTheMlpAreOneFunction() {
    var x = Mlp.data(3, 1).features();
    var sequential = Mlp.network(new JavaBackend(), "sequential").predict(x);
    assertThat(Mlp.network(new JavaBackend(), "graph").predict(x)).isEqualTo(sequential);
    assertThat(Mlp.network(new JavaBackend(), "activations").predict(x)).isEqualTo(sequential);
  }

  @Test
  void theCnnIsTheExamplesAndItsStepLowersTheLoss() {
    assertStepsLowerTheLoss("adam", "cnn", 5);
    // conv 1→16 and 16→32 (3×3, biases), two batch norms, 32·7·7 → 64 → 10
    assertThat(Mlp.cnn(new JavaBackend()).parameterCount()).isEqualTo(16 * 9 + 16 + 2 * 16
        + 32 * 16 * 9 + 32 + 2 * 32 + 32 * 7 * 7 * 64 + 64 + 64 * 10 + 10);
  }

  @Test
  void theCnnsTrainingStepAllocatesNothingAfterTheFirstBatches() {
    TrainingBenchmark bench = new TrainingBenchmark();
    bench.backend = "java";
    bench.optimizer = "adam";
    bench.form = "cnn";
    bench.setUp();
    for (int i = 0; i < 2; i++) {
      bench.trainStep();
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    bench.trainStep();
    bench.trainStep();
    long bytes = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(bytes).as("bytes two steps allocated on the training thread").isZero();
  }

  @Test
  void conv2dRunsTheCnnsShapes() {
    for (String shape : new String[] {"conv1", "conv2"}) {
      Conv2dBenchmark bench = new Conv2dBenchmark();
      bench.backend = "java";
      bench.shape = shape;
      bench.setUp();
      int channels = shape.equals("conv1") ? 16 : 32;
      int side = shape.equals("conv1") ? 28 : 14;
      assertThat(bench.forward().cols()).isEqualTo(channels * side * side);
      assertThat(bench.forwardBackward().rows()).isEqualTo(Conv2dBenchmark.BATCH);
      assertThat(bench.weightGradient()).hasSize(channels * (shape.equals("conv1") ? 1 : 16) * 9)
          .isNotEqualTo(new float[bench.weightGradient().length]);
    }
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
