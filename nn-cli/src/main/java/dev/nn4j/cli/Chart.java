package dev.nn4j.cli;

import dev.nn4j.core.EpochResult;
import dev.nn4j.core.TrainingHistory;
import dev.nn4j.core.model.AtomicWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.AnnotationTextPanel;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The loss and accuracy curves of a training run, drawn by XChart into a PNG file after the
 * model (or the checkpoint) is safely written, so that a chart that cannot be drawn never costs
 * the model.
 *
 * <p>What the chart shows: the loss curves on the left axis and the accuracy on the right one,
 * each series' legend naming its axis; the accuracy axis runs to 1 from 0, or from a round floor
 * below its lowest value when that is at least 0.5; the loss axis starts at 0 when every loss is
 * non-negative; the epoch axis starts at 0, with round ticks; a run of one or two epochs is drawn
 * as points (their loss axis ending at a round value above them); the test split's metrics, when
 * there is one, are noted in a panel under the legend.
 */
final class Chart {

  /** The most epochs a run may have to be drawn as points rather than lines. */
  static final int POINTS_UP_TO = 2;

  private Chart() {}

  /**
   * A chart ready to draw, with what it notes, for tests of its settings.
   *
   * @param chart the XChart chart
   * @param note the test metrics noted on it, or null
   */
  record Plot(XYChart chart, String note) {}

  /**
   * Writes the chart of a history; see {@link #build}. Written with {@link AtomicWrite}, like
   * model files. Does nothing for a history without epochs.
   *
   * @param history the epochs
   * @param title the chart's title
   * @param testMetrics the metrics on the test split, or null
   * @param png where to write it
   */
  static void write(TrainingHistory history, String title, Map<String, Double> testMetrics,
      Path png) {
    Plot plot = build(history, title, testMetrics);
    if (plot == null) {
      return;
    }
    try {
      AtomicWrite.write(png, out -> BitmapEncoder.saveBitmap(plot.chart(), out,
          BitmapEncoder.BitmapFormat.PNG));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the chart " + png + ": "
          + AtomicWrite.reason(e), e);
    }
  }

  /**
   * Builds the chart: training and validation loss on the left axis, validation accuracy on the
   * right one when there is validation data.
   *
   * @param history the epochs
   * @param title the chart's title
   * @param testMetrics the metrics on the test split, or null
   * @return the chart, or null for a history without epochs
   */
  static Plot build(TrainingHistory history, String title, Map<String, Double> testMetrics) {
    List<EpochResult> epochs = history.epochs();
    if (epochs.isEmpty()) {
      return null;
    }
    double[] x = epochs.stream().mapToDouble(EpochResult::epoch).toArray();
    XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
        .xAxisTitle("epoch").yAxisTitle("loss").build();
    boolean points = epochs.size() <= POINTS_UP_TO;
    chart.getStyler().setMarkerSize(points ? 8 : 0);
    // From 0, so that the ticks fall on round epochs; one past the last for a few points, half
    // an epoch past it for lines. XChart puts the ticks of equally spaced x values on every k-th
    // value (every 9th of 150 epochs); the half epoch makes them unequal, so that it chooses a
    // step of 1, 2 or 5 times a power of ten instead.
    chart.getStyler().setXAxisMin(0.0).setXAxisDecimalPattern("#")
        .setXAxisMax(x[x.length - 1] + (points ? 1 : 0.5));
    chart.getStyler().setYAxisDecimalPattern("0.###");
    double[] loss = series(epochs, "loss");
    boolean nonNegative = true;
    addSeries(chart, "loss (left axis)", x, loss, 0, points);
    if (epochs.get(0).metric("val_loss").isPresent()) {
      double[] validation = series(epochs, "val_loss");
      addSeries(chart, "val_loss (left axis)", x, validation, 0, points);
      nonNegative &= min(validation) >= 0;
    }
    if (nonNegative && min(loss) >= 0) {
      chart.getStyler().setYAxisMin(0, 0.0);
      if (points) {
        // a few values from 0 are equally spaced, and XChart would tick only those: a round
        // end above them makes it choose round ticks
        double top = Math.max(max(loss), epochs.get(0).metric("val_loss").isPresent()
            ? max(series(epochs, "val_loss")) : 0);
        chart.getStyler().setYAxisMax(0, roundAbove(top));
      }
    }
    if (epochs.get(0).metric("val_accuracy").isPresent()) {
      double[] accuracy = series(epochs, "val_accuracy");
      addSeries(chart, "val_accuracy (right axis)", x, accuracy, 1, points);
      chart.setYAxisGroupTitle(1, "accuracy");
      chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
      chart.getStyler().setYAxisMin(1, accuracyFloor(min(accuracy))).setYAxisMax(1, 1.0);
      chart.getStyler().putYAxisGroupDecimalPatternMap(1, "0.0#");
    }
    String note = null;
    if (testMetrics != null && !testMetrics.isEmpty()) {
      note = note(testMetrics);
      // at the bottom of the right margin, under the legend (XChart keeps it inside the image)
      chart.addAnnotation(new AnnotationTextPanel(note, chart.getWidth(), 2, true));
    }
    return new Plot(chart, note);
  }

  /** The most characters of a line of the test panel, to fit the legend's margin. */
  static final int NOTE_WIDTH = 24;
  /** The most lines of metrics the panel shows; the rest are counted on the last line. */
  static final int NOTE_LINES = 12;

  /**
   * The test panel's text: "test" and then the metrics, {@code name value} as many to a line as
   * fit in {@link #NOTE_WIDTH} characters, at most {@link #NOTE_LINES} lines of them.
   */
  static String note(Map<String, Double> metrics) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    int shown = 0;
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      String item = String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue());
      if (line.length() > 0 && line.length() + 2 + item.length() > NOTE_WIDTH) {
        if (lines.size() == NOTE_LINES - 1) {
          break;
        }
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() > 0 ? "  " : "").append(item);
      shown++;
    }
    lines.add(line.toString());
    if (shown < metrics.size()) {
      lines.add("… " + (metrics.size() - shown) + " more (--json)");
    }
    return "test\n" + String.join("\n", lines);
  }

  /** The smallest of 1, 2, 2.5 and 5 times a power of ten above a positive value (else 1). */
  static double roundAbove(double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * power > value) {
        return m * power;
      }
    }
    return 10 * power;
  }

  /**
   * The accuracy axis' lower end: 0, or when every accuracy is at least 0.5 the tenth at or
   * below the lowest one minus a tenth (0.87 gives 0.7), so that high curves keep their shape.
   */
  static double accuracyFloor(double lowest) {
    if (!(lowest >= 0.5)) {
      return 0;
    }
    return Math.max(0, Math.floor(lowest * 10 + 1e-9) / 10 - 0.1);
  }

  private static void addSeries(XYChart chart, String name, double[] x, double[] y, int axis,
      boolean points) {
    XYSeries series = chart.addSeries(name, x, y);
    series.setYAxisGroup(axis);
    if (points) {
      series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      series.setMarker(SeriesMarkers.CIRCLE);
    }
  }

  private static double max(double[] values) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      max = Math.max(max, v);
    }
    return max;
  }

  private static double min(double[] values) {
    double min = Double.POSITIVE_INFINITY;
    for (double v : values) {
      min = Math.min(min, v);
    }
    return min;
  }

  private static double[] series(List<EpochResult> epochs, String metric) {
    return epochs.stream().mapToDouble(e -> e.metric(metric).orElse(Double.NaN)).toArray();
  }
}
