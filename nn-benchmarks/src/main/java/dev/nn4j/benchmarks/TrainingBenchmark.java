package dev.nn4j.benchmarks;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.core.Backpropagation;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingOptions;
import dev.nn4j.core.backend.Backends;
import dev.nn4j.optimizers.SgdProvider;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The 784-256-128-10 ReLU/softmax MLP with categorical cross-entropy at batch 128: one training
 * step (forward, backward, optimizer step) and one epoch over 60,000 synthetic samples, with SGD
 * or Adam, per backend. Samples/s = 128 / (ms per step / 1000), or 60,000 / s per epoch. The
 * form {@code cnn} runs the Fashion-MNIST CNN of {@code fashion-mnist-cnn.yaml} instead (the same
 * synthetic 784 values as 1×28×28 images), whose allocation per step {@code -prof gc} reports:
 * {@code java -jar nn-benchmarks/target/benchmarks.jar TrainingBenchmark.trainStep -p form=cnn -p
 * backend=vector -p optimizer=adam -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
public class TrainingBenchmark {

  @Param({"java", "vector"})
  public String backend;

  @Param({"sgd", "adam"})
  public String optimizer;

  /**
   * The MLP as the layer list, as a graph of the same layers, or with activation layers; {@code
   * -p form=cnn} runs the CNN instead (not among the defaults, so that runs without {@code -p
   * form} measure the MLP alone, as the scripts expect).
   */
  @Param({"sequential", "graph", "activations"})
  public String form = "sequential";

  private Network network;
  private Backpropagation backprop;
  private Optimizer rule;
  private Matrix x;
  private Matrix y;
  private Dataset epochData;
  private Trainer epochTrainer;
  private long step;

  /** Builds the network, one batch, the epoch's data and the optimizer. */
  @Setup(Level.Trial)
  public void setUp() {
    network = Mlp.network(Backends.choose(backend, TrainingBenchmark.class.getClassLoader()),
        form);
    Dataset batch = Mlp.data(128, 2);
    x = batch.features();
    y = batch.targets();
    backprop = new Backpropagation(network,
        Mlp.REGISTRY.newLoss(PluginSpec.of("categorical_cross_entropy")), 128, 3);
    rule = Mlp.REGISTRY.newOptimizer(spec());
    epochData = Mlp.data(60_000, 4);
    epochTrainer = new Trainer(Mlp.REGISTRY.newLoss(PluginSpec.of("categorical_cross_entropy")),
        Mlp.REGISTRY.newOptimizer(spec()), new TrainingOptions(1, 128, true, 5));
  }

  private PluginSpec spec() {
    return optimizer.equals("sgd") ? PluginSpec.of("sgd", new SgdProvider.Parameters(0.01))
        : PluginSpec.of("adam");
  }

  /** One step on one batch of 128, the update on the backend's threads as the trainer runs it. */
  @Benchmark
  public double trainStep() {
    double loss = backprop.pass(x, y, step++);
    rule.step(backprop.parameters(), rule.learningRate(), network.backend().parallelLoop());
    return loss;
  }

  /** One shuffled epoch over 60,000 samples in batches of 128 (469 steps). */
  @Benchmark
  @Warmup(iterations = 6, time = 1)
  @Measurement(iterations = 5, time = 1)
  public Object epoch() {
    return epochTrainer.fit(network, epochData);
  }
}
