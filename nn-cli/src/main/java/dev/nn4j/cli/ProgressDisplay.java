package dev.nn4j.cli;

import dev.nn4j.core.BatchResult;
import dev.nn4j.core.EpochResult;
import dev.nn4j.core.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training as it goes: on a terminal a progress bar per epoch over its batches, otherwise
 * plain lines, one per reported epoch (all of them for up to 20 epochs, then every n-th and the
 * last). Either way each reported epoch ends with its metrics.
 */
final class ProgressDisplay implements TrainingListener {

  private final PrintWriter out;
  private final boolean terminal;
  private int epochs;
  private int batches;
  private ProgressBar bar;

  ProgressDisplay(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public void onTrainingStart(int epochs, int batchesPerEpoch) {
    this.epochs = epochs;
    this.batches = batchesPerEpoch;
  }

  @Override
  public void onEpochStart(int epoch) {
    if (terminal) {
      bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch,
          epochs)).setInitialMax(batches).setStyle(ProgressBarStyle.ASCII).build();
    }
  }

  @Override
  public void onBatchEnd(BatchResult batch) {
    if (bar != null) {
      bar.step();
      bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", batch.loss()));
    }
  }

  @Override
  public void onEpochEnd(EpochResult epoch) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
    int every = Math.max(1, (epochs + 19) / 20);
    if (terminal || epoch.epoch() % every == 0 || epoch.epoch() == epochs || epoch.epoch() == 1) {
      out.println(format(epoch));
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
