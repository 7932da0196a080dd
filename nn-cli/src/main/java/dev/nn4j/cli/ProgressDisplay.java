package dev.nn4j.cli;

import dev.nn4j.core.BatchResult;
import dev.nn4j.core.EpochResult;
import dev.nn4j.core.TrainingHistory;
import dev.nn4j.core.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Shows training as it goes: one line per reported epoch (all of them for up to 20 epochs, then
 * every n-th, the first and the last), each with its metrics. On a terminal, a status line below
 * them shows the current epoch, its batches and the running mean of its loss, redrawn in place
 * at most {@link #REDRAWS_PER_SECOND} times a second.
 *
 * <p>It draws with plain carriage returns rather than a terminal library, so that nothing
 * changes how the process handles Ctrl-C.
 */
final class ProgressDisplay implements TrainingListener {

  /** The most times a second the terminal status line is redrawn. */
  static final int REDRAWS_PER_SECOND = 5;
  private static final long REDRAW_NANOS = 1_000_000_000L / REDRAWS_PER_SECOND;

  private final PrintWriter out;
  private final boolean terminal;
  private final LongSupplier nanoClock;
  private int epochs;
  private int batches;
  private int epoch;
  private int batch;
  private double lossSum;
  private long lastDrawn;
  private int drawnLength;

  ProgressDisplay(PrintWriter out, boolean terminal) {
    this(out, terminal, System::nanoTime);
  }

  /** As {@link #ProgressDisplay(PrintWriter, boolean)}, reading the time from a clock. */
  ProgressDisplay(PrintWriter out, boolean terminal, LongSupplier nanoClock) {
    this.out = out;
    this.terminal = terminal;
    this.nanoClock = nanoClock;
  }

  @Override
  public void onTrainingStart(int epochs, int batchesPerEpoch) {
    this.epochs = epochs;
    this.batches = batchesPerEpoch;
    this.lastDrawn = nanoClock.getAsLong();
  }

  @Override
  public void onEpochStart(int epoch) {
    this.epoch = epoch;
    this.batch = 0;
    this.lossSum = 0;
  }

  @Override
  public void onBatchEnd(BatchResult result) {
    batch++;
    lossSum += result.loss();
    if (terminal) {
      long now = nanoClock.getAsLong();
      if (now - lastDrawn >= REDRAW_NANOS) {
        lastDrawn = now;
        draw(String.format(Locale.ROOT, "epoch %d/%d  batch %d/%d  loss %.4f", epoch, epochs,
            batch, batches, lossSum / batch));
      }
    }
  }

  @Override
  public void onEpochEnd(EpochResult result) {
    int every = Math.max(1, (epochs + 19) / 20);
    if (result.epoch() % every == 0 || result.epoch() == epochs || result.epoch() == 1) {
      clear();
      out.println(format(result));
    }
  }

  @Override
  public void onTrainingEnd(TrainingHistory history) {
    clear();
    out.flush();
  }

  private void draw(String status) {
    StringBuilder line = new StringBuilder("\r").append(status);
    for (int i = status.length(); i < drawnLength; i++) {
      line.append(' ');
    }
    drawnLength = status.length();
    out.print(line);
    out.flush();
  }

  private void clear() {
    if (drawnLength > 0) {
      out.print("\r" + " ".repeat(drawnLength) + "\r");
      drawnLength = 0;
    }
  }

  /** Formats an epoch's line: its number and every metric. */
  String format(EpochResult epoch) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %"
        + String.valueOf(epochs).length() + "d/%d", epoch.epoch(), epochs));
    for (Map.Entry<String, Double> m : epoch.metrics().entrySet()) {
      sb.append(String.format(Locale.ROOT, "  %s %.4f", m.getKey(), m.getValue()));
    }
    return sb.toString();
  }
}
