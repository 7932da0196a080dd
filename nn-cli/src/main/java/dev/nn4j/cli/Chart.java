package dev.nn4j.cli;

import dev.nn4j.core.EpochResult;
import dev.nn4j.core.TrainingHistory;
import dev.nn4j.core.TrainingListener;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/**
 * The loss and accuracy curves of a training run, drawn by XChart into a PNG file when training
 * ends: a {@link TrainingListener}, like the progress display.
 */
final class Chart implements TrainingListener {

  private final String title;
  private final Path png;

  Chart(String title, Path png) {
    this.title = title;
    this.png = png;
  }

  @Override
  public void onTrainingEnd(TrainingHistory history) {
    if (!history.epochs().isEmpty()) {
      write(history, title, png);
    }
  }

  /**
   * Writes the curves: training and validation loss on the left axis, validation accuracy on the
   * right one when there is validation data. Written aside and renamed, like model files.
   */
  static void write(TrainingHistory history, String title, Path png) {
    List<EpochResult> epochs = history.epochs();
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
      Path folder = png.toAbsolutePath().getParent();
      Files.createDirectories(folder);
      Path temp = Files.createTempFile(folder, ".chart", ".png");
      try (OutputStream out = Files.newOutputStream(temp)) {
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
      }
      Files.move(temp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the chart " + png + ": " + e.getMessage(), e);
    }
  }

  private static double[] series(List<EpochResult> epochs, String metric) {
    return epochs.stream().mapToDouble(e -> e.metric(metric).orElse(Double.NaN)).toArray();
  }
}
