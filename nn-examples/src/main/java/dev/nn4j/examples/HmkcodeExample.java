package dev.nn4j.examples;

import dev.nn4j.api.Matrix;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingHistory;
import dev.nn4j.optimizers.SgdProvider;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The worked example of hmkcode's "Backpropagation Step by Step": inputs (2, 3), target 1, a
 * 2-2-1 network with identity activations and no biases, loss ½(prediction − target)², and one
 * SGD step with learning rate 0.05. Prints the forward pass, the error, the six updated weights
 * and the new prediction.
 */
public final class HmkcodeExample {

  private HmkcodeExample() {}

  /** What the example computes. */
  public record Result(float prediction, double error, float[] weights, float newPrediction) {}

  /**
   * Runs the example and prints each stage to {@code out}.
   *
   * @param out where to print
   * @return the numbers printed
   */
  public static Result run(PrintStream out) {
    PluginRegistry registry = PluginRegistry.discover();
    Network network = Network.builder(registry)
        .inputs(2)
        .dense(2, PluginSpec.of("identity"), false)
        .weights(new float[] {0.11f, 0.21f}, new float[] {0.12f, 0.08f})
        .dense(1, PluginSpec.of("identity"), false)
        .weights(new float[] {0.14f, 0.15f})
        .build();
    Dataset sample = new Dataset(Matrix.of(new float[] {2, 3}), Matrix.of(new float[] {1}));

    float prediction = network.predict(2, 3)[0];
    out.printf(Locale.ROOT, "forward pass:   prediction %.4f for target 1%n", prediction);

    TrainingHistory history = Trainer.builder(registry)
        .loss("squared_error")
        .optimizer(PluginSpec.of("sgd", new SgdProvider.Parameters(0.05)))
        .fullBatch()
        .epochs(1)
        .build()
        .fit(network, sample);
    double error = history.finalLoss();
    out.printf(Locale.ROOT, "error:          ½(prediction − target)² = %.4f%n", error);

    float[] hidden = network.layers().get(0).parameter("weights");
    float[] output = network.layers().get(1).parameter("weights");
    float[] weights = {hidden[0], hidden[1], hidden[2], hidden[3], output[0], output[1]};
    out.print("after one step:");
    for (int i = 0; i < weights.length; i++) {
      out.printf(Locale.ROOT, " w%d=%.7f", i + 1, weights[i]);
    }
    out.println();
    float newPrediction = network.predict(2, 3)[0];
    out.printf(Locale.ROOT, "forward again:  prediction %.7f%n", newPrediction);
    return new Result(prediction, error, weights, newPrediction);
  }

  /**
   * Runs the example on standard output.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }
}
