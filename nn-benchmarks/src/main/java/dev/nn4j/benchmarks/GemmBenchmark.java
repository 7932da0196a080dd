package dev.nn4j.benchmarks;

import dev.nn4j.api.spi.Backend;
import dev.nn4j.core.backend.Backends;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The three products of backpropagation on the MLP's first layer (m = 128 samples, n = 256 units,
 * k = 784 inputs), per backend. GFLOP/s = 2·m·n·k / (µs per op · 1000).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {

  @Param({"java", "vector"})
  public String backend;

  @Param({"128x256x784"})
  public String shape;

  private Backend b;
  private int m;
  private int n;
  private int k;
  private float[] x;
  private float[] w;
  private float[] delta;
  private float[] out;
  private float[] grad;
  private float[] input;

  /** Fills the operands with seeded values. */
  @Setup
  public void setUp() {
    b = Backends.choose(backend, GemmBenchmark.class.getClassLoader());
    String[] s = shape.split("x");
    m = Integer.parseInt(s[0]);
    n = Integer.parseInt(s[1]);
    k = Integer.parseInt(s[2]);
    SplittableRandom random = new SplittableRandom(1);
    x = random(random, m * k);
    w = random(random, n * k);
    delta = random(random, m * n);
    out = new float[m * n];
    grad = new float[n * k];
    input = new float[m * k];
  }

  /** Z = X·Wᵀ: the forward pass. */
  @Benchmark
  public float[] forward() {
    b.multiplyTransposedB(m, n, k, x, w, null, out);
    return out;
  }

  /** ∂C/∂W = δᵀ·X: the weight gradient. */
  @Benchmark
  public float[] weightGradient() {
    b.multiplyTransposedA(n, k, m, delta, x, grad);
    return grad;
  }

  /** ∂C/∂X = δ·W: the input gradient. */
  @Benchmark
  public float[] inputGradient() {
    b.multiply(m, k, n, delta, w, input);
    return input;
  }

  private static float[] random(SplittableRandom random, int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextDouble(-1, 1);
    }
    return values;
  }
}
