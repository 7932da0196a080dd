package dev.nn4j.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * {@link TrainingBenchmark#epoch}'s epoch on command, for {@code scripts/lockstep-epochs.sh}:
 * trains {@link #WARM_UP} epochs, prints {@code READY}, then for each line read from standard
 * input trains one epoch and prints {@code EPOCH <milliseconds>}, until the input ends. A driver
 * can so alternate nn4j's epochs with a peer's, half a second apart, each process staying warm:
 * both see the same moment of a shared machine, where two JMH forks and two peer runs in a row
 * lie twenty seconds apart.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar
 * dev.nn4j.benchmarks.LockstepEpochs [backend] [sgd|adam]} (default {@code vector sgd}).
 */
public final class LockstepEpochs {

  /** Epochs trained before the first timed one: JMH's warm-up for this benchmark takes 3–6. */
  static final int WARM_UP = 4;

  private LockstepEpochs() {}

  public static void main(String[] args) throws IOException {
    TrainingBenchmark bench = new TrainingBenchmark();
    bench.backend = args.length > 0 ? args[0] : "vector";
    bench.optimizer = args.length > 1 ? args[1] : "sgd";
    bench.setUp();
    serve(bench::epoch, new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8)), System.out, System::nanoTime);
  }

  /** Runs the protocol above with {@code epoch} as the epoch, timed by {@code nanos}. */
  static void serve(Runnable epoch, BufferedReader in, PrintStream out, LongSupplier nanos)
      throws IOException {
    for (int i = 0; i < WARM_UP; i++) {
      epoch.run();
    }
    out.println("READY");
    out.flush();
    while (in.readLine() != null) {
      long start = nanos.getAsLong();
      epoch.run();
      out.printf(Locale.ROOT, "EPOCH %.1f%n", (nanos.getAsLong() - start) / 1e6);
      out.flush();
    }
  }
}
