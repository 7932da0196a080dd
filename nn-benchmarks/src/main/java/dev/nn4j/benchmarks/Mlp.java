package dev.nn4j.benchmarks;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.spi.Backend;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import java.util.SplittableRandom;

/**
 * The benchmark workloads, shared by the benchmarks and their smoke test: the 784-256-128-10
 * ReLU/softmax MLP of the peer measurements, synthetic data like theirs, and the seeds' 2-2-1
 * network.
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
   * {@code activations} (each activation a layer of its own after an identity dense layer).
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
      default:
        throw new IllegalArgumentException("form is sequential, graph or activations, not "
            + form);
    }
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
