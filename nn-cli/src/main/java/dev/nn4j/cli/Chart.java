package dev.nn4j.cli;

import dev.nn4j.core.EpochResult;
import dev.nn4j.core.TrainingHistory;
import dev.nn4j.core.model.AtomicWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/**
 * The loss and accuracy curves of a training run, drawn by XChart into a PNG file after the
 * model (or the checkpoint) is safely written, so that a chart that cannot be drawn never costs
 * the model.
 */
final class Chart {

  private Chart() {}

  /**
   * Writes the curves: training and validation loss on the left axis, validation accuracy on the
   * right one when there is validation data. Written with {@link AtomicWrite}, like model files.
   * Does nothing for a history without epochs.
   */
  static void write(TrainingHistory history, String title, Path png) {
    List<EpochResult> epochs = history.epochs();
    if (epochs.isEmpty()) {
      return;
    }
    double[] x = epochs.stream().mapToDouble(EpochResult::epoch).toArray();
    XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
        .xAxisTitle("epoch").yAxisTitle("loss").build();
    chart.getStyler().setMarkerSize(0);
    chart.addSeries("loss", x, series(epochs, "loss"));
    if (epochs.get(0).metric("val_loss").isPresent()) {
      chart.addSeries("val_loss", x, series(epochs, "val_loss"));
    }
    if (epochs.get(0).metric("val_accuracy").isPresent()) {
      XYSeries accuracy = chart.addSeries("val_accuracy", x, series(epochs, "val_accuracy"));
      accuracy.setYAxisGroup(1);
      chart.setYAxisGroupTitle(1, "accuracy");
      chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    }
    try {
      AtomicWrite.write(png, out -> BitmapEncoder.saveBitmap(chart, out,
          BitmapEncoder.BitmapFormat.PNG));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the chart " + png + ": "
          + AtomicWrite.reason(e), e);
    }
  }

  private static double[] series(List<EpochResult> epochs, String metric) {
    return epochs.stream().mapToDouble(e -> e.metric(metric).orElse(Double.NaN)).toArray();
  }
}
