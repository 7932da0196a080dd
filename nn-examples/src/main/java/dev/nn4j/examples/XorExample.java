package dev.nn4j.examples;

import dev.nn4j.api.Matrix;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.EpochResult;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingHistory;
import dev.nn4j.core.TrainingListener;
import dev.nn4j.optimizers.SgdProvider;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * XOR, the classic problem a network without a hidden layer cannot solve: a 2-4-1 network (tanh,
 * then sigmoid) trained by full-batch gradient descent on the four cases from a fixed seed until
 * its squared error is far below 0.01.
 */
public final class XorExample {

  private XorExample() {}

  /** The four XOR cases. */
  public static final Dataset DATA = new Dataset(
      Matrix.of(new float[] {0, 0}, new float[] {0, 1}, new float[] {1, 0}, new float[] {1, 1}),
      Matrix.of(new float[] {0}, new float[] {1}, new float[] {1}, new float[] {0}));

  /**
   * Trains the network, printing the loss every 500 epochs and the final predictions.
   *
   * @param out where to print
   * @return the trained network and its history
   */
  public static Result run(PrintStream out) {
    PluginRegistry registry = PluginRegistry.discover();
    Network network = Network.builder(registry)
        .inputs(2)
        .seed(1)
        .dense(4, "tanh")
        .dense(1, "sigmoid")
        .build();
    TrainingListener progress = new TrainingListener() {
      @Override
      public void onEpochEnd(EpochResult epoch) {
        if (epoch.epoch() % 500 == 0) {
          out.printf(Locale.ROOT, "epoch %4d  loss %.6f%n", epoch.epoch(), epoch.loss());
        }
      }
    };
    TrainingHistory history = Trainer.builder(registry)
        .loss("squared_error")
        .optimizer(PluginSpec.of("sgd", new SgdProvider.Parameters(1.0)))
        .fullBatch()
        .epochs(2000)
        .build()
        .fit(network, DATA, null, List.of(progress));
    for (int i = 0; i < DATA.size(); i++) {
      float[] x = DATA.features().row(i);
      out.printf(Locale.ROOT, "%.0f xor %.0f -> %.4f%n", x[0], x[1], network.predict(x)[0]);
    }
    return new Result(network, history);
  }

  /** The trained network and the loss of each epoch. */
  public record Result(Network network, TrainingHistory history) {}

  /**
   * Runs the example on standard output.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }
}
