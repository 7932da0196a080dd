package dev.nn4j.benchmarks;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Shape;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.core.Network;
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
 * {@code conv2d} forward and backward on the Fashion-MNIST CNN's shapes ({@code
 * fashion-mnist-cnn.yaml}) at batch 128, per backend: {@code conv1} is 1×28×28 → 16 channels and
 * needs no input gradient (it reads the network's input), {@code conv2} is 16×14×14 → 32 channels
 * and computes one. Both are 3×3 with padding 1. The threads are nn4j's ({@code
 * -Dnn4j.threads=1} or {@code 2} through {@code -jvmArgsAppend}); {@code
 * nn-benchmarks/scripts/conv2d_torch.py} times PyTorch on the same shapes. GFLOP/s of a pass =
 * 3 products of 2·N·O·H·W·C·9 flops (forward, weight gradient, input gradient; 2 for {@code conv1})
 * over the time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class Conv2dBenchmark {

  /** The batch of the CNN's training. */
  static final int BATCH = 128;

  @Param({"java", "vector"})
  public String backend;

  @Param({"conv1", "conv2"})
  public String shape;

  private Layer layer;
  private Matrix[] inputs;
  private Matrix output;
  private Matrix gradOutput;
  private Matrix[] gradInputs;

  /** Builds the layer as the network does and fills a batch and an output gradient. */
  @Setup
  public void setUp() {
    boolean first = shape.equals("conv1");
    if (!first && !shape.equals("conv2")) {
      throw new IllegalArgumentException("shape is conv1 or conv2, not " + shape);
    }
    Shape in = first ? Shape.image(1, 28, 28) : Shape.image(Mlp.CONV1, 14, 14);
    Network network = Network.builder(Mlp.REGISTRY)
        .backend(Backends.choose(backend, Conv2dBenchmark.class.getClassLoader()))
        .input(in).seed(1).layer(Mlp.conv(first ? Mlp.CONV1 : Mlp.CONV2)).build();
    layer = network.layers().get(0).layer();
    Shape out = network.layers().get(0).shape();
    SplittableRandom random = new SplittableRandom(2);
    inputs = new Matrix[] {random(random, in.size())};
    output = Matrix.zeros(BATCH, out.size());
    gradOutput = random(random, out.size());
    gradInputs = new Matrix[] {first ? null : Matrix.zeros(BATCH, in.size())};
  }

  private static Matrix random(SplittableRandom random, int columns) {
    float[] values = new float[BATCH * columns];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextDouble(-1, 1);
    }
    return new Matrix(BATCH, columns, values);
  }

  /** The training forward of one batch of 128. */
  @Benchmark
  public Matrix forward() {
    layer.forward(inputs, output, true);
    return output;
  }

  /** The training forward and the backward of one batch of 128, as a training step runs them. */
  @Benchmark
  public Matrix forwardBackward() {
    layer.forward(inputs, output, true);
    layer.backward(inputs, output, gradOutput, gradInputs, false);
    return output;
  }

  /** The layer's weight gradient (for the smoke test). */
  float[] weightGradient() {
    return layer.parameters().get(0).gradient();
  }
}
