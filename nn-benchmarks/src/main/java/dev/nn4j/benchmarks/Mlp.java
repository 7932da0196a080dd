package dev.nn4j.benchmarks;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Shape;
import dev.nn4j.api.spi.Backend;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The benchmark workloads, shared by the benchmarks and their smoke test: the 784-256-128-10
 * ReLU/softmax MLP of the peer measurements, the Fashion-MNIST CNN of {@code
 * fashion-mnist-cnn.yaml}, synthetic data like theirs, and the seeds' 2-2-1 network.
 */
final class Mlp {

  static final PluginRegistry REGISTRY = PluginRegistry.discover();

  private Mlp() {}

  /** 784-256-128-10, ReLU hidden layers, softmax output (He-initialised, seeded). */
  static Network network(Backend backend) {
    return network(backend, "sequential");
  }

  /**
   * The same MLP in one of its forms: {@code sequential} (the layer list), {@code graph} (the
   * same dense layers named and wired by their inputs, the graph form of a configuration) or
   * {@code activations} (each activation a layer of its own after an identity dense layer); or
   * {@code cnn}, not an MLP but the CNN of {@link #cnn(Backend)}, which reads the same 784 values
   * as a 1×28×28 image.
   */
  static Network network(Backend backend, String form) {
    Network.Builder b = Network.builder(REGISTRY).backend(backend).inputs(784).seed(1);
    switch (form) {
      case "sequential":
        return b.dense(256, "relu").dense(128, "relu").dense(10, "softmax").build();
      case "graph":
        return b.dense(256, "relu").name("h1").from("input")
            .dense(128, "relu").name("h2").from("h1")
            .dense(10, "softmax").from("h2").build();
      case "activations":
        PluginSpec he = PluginSpec.of("he_uniform"); // what relu gives the dense layers above
        return b.dense(256, "identity").layerInitializer(he).activation("relu")
            .dense(128, "identity").layerInitializer(he).activation("relu")
            .dense(10, "identity").activation("softmax").build();
      case "cnn":
        return cnn(backend);
      default:
        throw new IllegalArgumentException("form is sequential, graph, activations or cnn, not "
            + form);
    }
  }

  /** The channels of the CNN's two convolutions, as in {@code fashion-mnist-cnn.yaml}. */
  static final int CONV1 = 16;
  static final int CONV2 = 32;

  /**
   * The network of nn-examples' {@code fashion-mnist-cnn.yaml} (seeded): 1×28×28 → conv2d
   * {@value #CONV1} 3×3 padding 1 → batch norm → ReLU → max pool 2 → conv2d {@value #CONV2} 3×3
   * padding 1 → batch norm → ReLU → max pool 2 → flatten → 64 ReLU → 10 softmax.
   */
  static Network cnn(Backend backend) {
    Network.Builder b = Network.builder(REGISTRY).backend(backend).input(Shape.image(1, 28, 28))
        .seed(1);
    for (int channels : new int[] {CONV1, CONV2}) {
      b.layer(conv(channels)).layer(PluginSpec.of("batch_norm")).activation("relu")
          .layer(PluginSpec.of("max_pool2d", Map.of("kernel", 2)));
    }
    return b.layer(PluginSpec.of("flatten")).dense(64, "relu").dense(10, "softmax").build();
  }

  /** A 3×3 convolution with padding 1 to the given channels, as the CNN's. */
  static PluginSpec conv(int channels) {
    return PluginSpec.of("conv2d", Map.of("outChannels", channels, "kernel", 3, "padding", 1));
  }

  /** n synthetic samples: uniform pixels in [0, 1), one-hot random labels. */
  static Dataset data(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[n * 784];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble();
    }
    float[] y = new float[n * 10];
    for (int i = 0; i < n; i++) {
      y[i * 10 + random.nextInt(10)] = 1;
    }
    return new Dataset(new Matrix(n, 784, x), new Matrix(n, 10, y));
  }

  /** The 2-2-1 identity network of the golden example. */
  static Network tiny() {
    return Network.builder(REGISTRY).inputs(2)
        .dense(2, PluginSpec.of("identity"), false)
        .weights(new float[] {0.11f, 0.21f}, new float[] {0.12f, 0.08f})
        .dense(1, PluginSpec.of("identity"), false)
        .weights(new float[] {0.14f, 0.15f})
        .build();
  }
}
