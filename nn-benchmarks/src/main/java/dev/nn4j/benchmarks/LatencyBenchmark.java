package dev.nn4j.benchmarks;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.spi.Optimizer;
import dev.nn4j.core.Backpropagation;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.Predictor;
import dev.nn4j.core.backend.Backends;
import dev.nn4j.optimizers.SgdProvider;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Small-work costs: one SGD step of the seeds' 2-2-1 network on one sample (ns/step), and the
 * latency of predicting one sample with the 784-256-128-10 MLP, through its {@link Predictor}
 * (the way to predict one sample at a time) and through {@code Network.predict} (the weights as
 * they are, by dot products).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class LatencyBenchmark {

  private Backpropagation tiny;
  private Optimizer sgd;
  private final Matrix x = Matrix.of(new float[] {2, 3});
  private final Matrix y = Matrix.of(new float[] {1});
  private Network mlp;
  private Predictor predictor;
  private float[] sample;
  private final float[] out = new float[10];

  /** Builds both networks. */
  @Setup
  public void setUp() {
    tiny = new Backpropagation(Mlp.tiny(), Mlp.REGISTRY.newLoss(PluginSpec.of("squared_error")),
        1);
    sgd = Mlp.REGISTRY.newOptimizer(PluginSpec.of("sgd", new SgdProvider.Parameters(1e-6)));
    mlp = Mlp.network(Backends.preferred());
    predictor = mlp.predictor();
    sample = Mlp.data(1, 9).features().data();
  }

  /** Forward, backward and SGD update of the 2-2-1 network on (2, 3) → 1. */
  @Benchmark
  public double tinyStep() {
    double loss = tiny.pass(x, y);
    sgd.step(tiny.parameters());
    return loss;
  }

  /** One sample through the MLP's predictor, into a reused array. */
  @Benchmark
  public float[] predictOne() {
    predictor.predict(sample, out);
    return out;
  }

  /** One sample through {@code Network.predict}, which returns a new array. */
  @Benchmark
  public float[] predictOneNetwork() {
    return mlp.predict(sample);
  }
}
