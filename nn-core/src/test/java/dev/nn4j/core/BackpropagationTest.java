package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.ShapeException;
import dev.nn4j.api.spi.Loss;
import org.junit.jupiter.api.Test;

/**
 * The first seed's 4-2-2-1 sigmoid network: the gradient backpropagation computes for the weight
 * w⁽²⁾₂₂ (layer 2, from neuron 2 of layer 1 to neuron 2 of layer 2) must equal the chain-rule
 * product written out by hand, and a central-difference estimate. The weights, biases, input and
 * target are our own numbers.
 */
class BackpropagationTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();
  private static final Loss LOSS = REGISTRY.newLoss(PluginSpec.of("squared_error"));
  private static final Matrix X = Matrix.of(new float[] {0.5f, -1.0f, 0.25f, 2.0f});
  private static final Matrix Y = Matrix.of(new float[] {1});

  private static Network network() {
    return Network.builder(REGISTRY)
        .inputs(4)
        .dense(2, "sigmoid")
        .weights(new float[] {0.1f, -0.2f, 0.3f, 0.05f}, new float[] {-0.4f, 0.25f, 0.15f, 0.2f})
        .biases(0.1f, -0.1f)
        .dense(2, "sigmoid")
        .weights(new float[] {0.3f, -0.6f}, new float[] {0.45f, 0.7f})
        .biases(0.05f, 0.2f)
        .dense(1, "sigmoid")
        .weights(new float[] {0.8f, -0.5f})
        .biases(-0.3f)
        .build();
  }

  @Test
  void gradientOfW22InLayerTwoIsTheChainRuleProduct() {
    Network network = network();
    Backpropagation backprop = new Backpropagation(network, LOSS, 1);
    backprop.pass(X, Y);
    float fromBackprop = gradient(backprop, "layers[1].weights")[1 * 2 + 1];

    // The forward pass, by hand, in double.
    double[] x = {0.5, -1.0, 0.25, 2.0};
    double[][] w1 = {{0.1, -0.2, 0.3, 0.05}, {-0.4, 0.25, 0.15, 0.2}};
    double[] b1 = {0.1, -0.1};
    double[][] w2 = {{0.3, -0.6}, {0.45, 0.7}};
    double[] b2 = {0.05, 0.2};
    double[] w3 = {0.8, -0.5};
    double b3 = -0.3;
    double[] a1 = new double[2];
    for (int j = 0; j < 2; j++) {
      double z = b1[j];
      for (int k = 0; k < 4; k++) {
        z += w1[j][k] * x[k];
      }
      a1[j] = sigmoid(z);
    }
    double[] a2 = new double[2];
    for (int j = 0; j < 2; j++) {
      a2[j] = sigmoid(b2[j] + w2[j][0] * a1[0] + w2[j][1] * a1[1]);
    }
    double a3 = sigmoid(b3 + w3[0] * a2[0] + w3[1] * a2[1]);

    // ∂C/∂w⁽²⁾₂₂ = ∂C/∂a3 · σ'(z3) · w⁽³⁾₁₂ · σ'(z⁽²⁾₂) · a⁽¹⁾₂, with C = ½(a3 − y)²
    double dCda3 = a3 - 1;
    double chainRule = dCda3 * a3 * (1 - a3) * w3[1] * a2[1] * (1 - a2[1]) * a1[1];

    assertThat((double) fromBackprop).isCloseTo(chainRule, within(1e-7));

    double h = 1e-3;
    double numeric = (lossWithW22(network, (float) (0.7 + h)) - lossWithW22(network, (float) (0.7 - h)))
        / (2 * h);
    assertThat((double) fromBackprop).isCloseTo(numeric, within(1e-5));
    assertThat(chainRule).isNotCloseTo(0, within(1e-4));
  }

  @Test
  void everyGradientMatchesCentralDifferences() {
    Network network = network();
    Matrix x = Matrix.of(new float[] {0.5f, -1, 0.25f, 2}, new float[] {-0.3f, 0.8f, 1.5f, -0.7f});
    Matrix y = Matrix.of(new float[] {1}, new float[] {0});
    Backpropagation backprop = new Backpropagation(network, LOSS, 2);
    backprop.pass(x, y);
    Backpropagation probe = new Backpropagation(network, LOSS, 2);
    // the gradient buffers are the layers' own, which the probe's passes overwrite
    float[][] gradients = backprop.parameters().stream().map(p -> p.gradient().clone())
        .toArray(float[][]::new);
    for (Parameter p : backprop.parameters()) {
      float[] analytic = gradients[backprop.parameters().indexOf(p)];
      for (int i = 0; i < p.size(); i++) {
        float original = p.value()[i];
        float h = 1e-2f;
        p.value()[i] = original + h;
        double plus = probe.pass(x, y);
        p.value()[i] = original - h;
        double minus = probe.pass(x, y);
        p.value()[i] = original;
        assertThat((double) analytic[i])
            .as("%s[%d]", p.name(), i)
            .isCloseTo((plus - minus) / (2 * h), within(2e-5));
      }
    }
  }

  @Test
  void parametersAreTheNetworksOwnArraysInLayerOrder() {
    Network network = network();
    Backpropagation backprop = new Backpropagation(network, LOSS, 1);
    assertThat(backprop.parameters()).extracting(Parameter::name).containsExactly(
        "layers[0].weights", "layers[0].biases", "layers[1].weights", "layers[1].biases",
        "layers[2].weights", "layers[2].biases");
    backprop.parameters().get(4).value()[0] = 0;
    assertThat(network.layers().get(2).parameter("weights")[0]).isZero();
  }

  @Test
  void rejectsBatchesThatDoNotFit() {
    Backpropagation backprop = new Backpropagation(network(), LOSS, 1);
    Matrix two = Matrix.zeros(2, 4);
    assertThatThrownBy(() -> backprop.pass(two, Matrix.zeros(2, 1)))
        .isInstanceOf(ShapeException.class)
        .hasMessageContaining("a batch of 2 rows does not fit the capacity of 1");
    assertThatThrownBy(() -> backprop.pass(Matrix.zeros(1, 3), Y))
        .isInstanceOf(ShapeException.class)
        .hasMessage("inputs must be 1×4 but is 1×3");
  }

  private static double lossWithW22(Network network, float w22) {
    Network copy = network.copy();
    Backpropagation probe = new Backpropagation(copy, LOSS, 1);
    probe.parameters().get(2).value()[3] = w22;
    return probe.pass(X, Y);
  }

  private static float[] gradient(Backpropagation backprop, String name) {
    return backprop.parameters().stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow().gradient();
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }
}
