package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.api.Matrix;
import dev.nn4j.optimizers.SgdProvider;
import org.junit.jupiter.api.Test;

/**
 * The golden example of DESIGN.md (hmkcode, "Backpropagation Step by Step"): inputs (2, 3),
 * target 1, a 2-2-1 identity network without biases, ½(s − y)², one SGD step with ε = 0.05.
 */
class HmkcodeGoldenTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();

  static Network hmkcodeNetwork() {
    return Network.builder(REGISTRY)
        .inputs(2)
        .dense(2, PluginSpec.of("identity"), false)
        .weights(new float[] {0.11f, 0.21f}, new float[] {0.12f, 0.08f})
        .dense(1, PluginSpec.of("identity"), false)
        .weights(new float[] {0.14f, 0.15f})
        .build();
  }

  private static final Dataset SAMPLE =
      new Dataset(Matrix.of(new float[] {2, 3}), Matrix.of(new float[] {1}));

  @Test
  void forwardPassGivesThePredictionAndTheError() {
    Network network = hmkcodeNetwork();
    assertThat(network.predict(2, 3)[0]).isCloseTo(0.191f, within(1e-6f));
    Evaluation before = Evaluation.of(network, REGISTRY.newLoss(PluginSpec.of("squared_error")),
        SAMPLE);
    assertThat(before.loss()).isCloseTo(0.327, within(5e-4));
  }

  @Test
  void oneSgdStepGivesTheArticlesWeightsAndPrediction() {
    Network network = hmkcodeNetwork();
    TrainingHistory history = Trainer.builder(REGISTRY)
        .loss("squared_error")
        .optimizer(PluginSpec.of("sgd", new SgdProvider.Parameters(0.05)))
        .epochs(1)
        .fullBatch()
        .build()
        .fit(network, SAMPLE);

    assertThat(history.finalLoss()).isCloseTo(0.327, within(5e-4));
    float[] hidden = network.layers().get(0).parameter("weights");
    float[] output = network.layers().get(1).parameter("weights");
    assertThat(new float[] {hidden[0], hidden[1], hidden[2], hidden[3], output[0], output[1]})
        .containsExactly(new float[] {0.121326f, 0.226989f, 0.132135f, 0.0982025f, 0.1743825f,
            0.169416f}, within(1e-6f));
    assertThat(network.predict(2, 3)[0]).isCloseTo(0.2557458f, within(1e-6f));
  }
}
