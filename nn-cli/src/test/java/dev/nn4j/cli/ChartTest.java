package dev.nn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.EpochResult;
import dev.nn4j.core.TrainingHistory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.AxesChart;
import org.knowm.xchart.internal.chartpart.AxisTickCalculator;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The chart's settings: axes, their ranges and ticks, points for short runs, the test note. */
class ChartTest {

  @TempDir
  Path dir;

  private static TrainingHistory history(int epochs, boolean validation, double accuracyFrom) {
    List<EpochResult> list = new ArrayList<>();
    for (int e = 1; e <= epochs; e++) {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("loss", 1.0 / (e + 1));
      if (validation) {
        m.put("val_loss", 1.2 / (e + 1));
        m.put("val_accuracy", Math.min(1, accuracyFrom + 0.01 * e));
      }
      list.add(new EpochResult(e, m));
    }
    return new TrainingHistory(list);
  }

  @Test
  void eachSeriesNamesItsAxisAndAccuracyHasItsOwnAxisEndingAtOne() {
    Chart.Plot plot = Chart.build(history(30, true, 0.3), "iris", null);
    XYChart chart = plot.chart();
    Map<String, Integer> axes = new LinkedHashMap<>();
    for (XYSeries s : chart.getSeriesCollection()) {
      axes.put(s.getName(), s.getYAxisGroup());
    }
    assertThat(axes).containsExactly(Map.entry("loss (left axis)", 0),
        Map.entry("val_loss (left axis)", 0), Map.entry("val_accuracy (right axis)", 1));
    assertThat(chart.getYAxisGroupTitle(1)).isEqualTo("accuracy");
    assertThat(chart.getStyler().getYAxisMin(1)).isEqualTo(0.0);
    assertThat(chart.getStyler().getYAxisMax(1)).isEqualTo(1.0);
    assertThat(chart.getStyler().getYAxisMin(0)).as("losses are non-negative").isEqualTo(0.0);
    assertThat(chart.getStyler().getXAxisMin()).as("epoch ticks from 0").isEqualTo(0.0);
    assertThat(chart.getStyler().getXAxisDecimalPattern()).isEqualTo("#");
    assertThat(chart.getStyler().getMarkerSize()).as("30 epochs are lines").isZero();
    assertThat(plot.note()).isNull();
  }

  @Test
  void epochTicksStartAtZeroAndStepByOneTwoOrFiveTimesAPowerOfTen() throws Exception {
    for (int epochs : new int[] {3, 5, 7, 9, 12, 30, 99, 100, 150, 200, 365, 1000, 5000}) {
      List<String> labels = xTickLabels(Chart.build(history(epochs, true, 0.3), "t", null).chart());
      assertThat(labels).as("%d epochs", epochs).hasSizeGreaterThan(1).startsWith("0");
      long step = Long.parseLong(labels.get(1));
      for (int i = 1; i < labels.size(); i++) {
        assertThat(Long.parseLong(labels.get(i))).as("%d epochs: %s", epochs, labels)
            .isEqualTo(i * step);
      }
      long mantissa = step;
      while (mantissa % 10 == 0) {
        mantissa /= 10;
      }
      assertThat(mantissa).as("%d epochs: step %d", epochs, step).isIn(1L, 2L, 5L);
      assertThat(Long.parseLong(labels.get(labels.size() - 1))).isLessThanOrEqualTo(epochs);
      assertThat(epochs - Long.parseLong(labels.get(labels.size() - 1))).isLessThan(step);
    }
  }

  @Test
  void manyTestMetricsFillTheLegendsMarginAndTheRestAreCounted() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("loss", 0.25);
    metrics.put("accuracy", 0.9);
    for (String kind : new String[] {"precision", "recall", "f1"}) {
      for (int k = 0; k < 10; k++) {
        metrics.put(kind + "_" + k, 0.5 + k / 100.0);
      }
    }
    String note = Chart.note(metrics);
    String[] lines = note.split("\n");
    assertThat(lines[0]).isEqualTo("test");
    assertThat(lines[1]).isEqualTo("loss 0.2500");
    assertThat(lines).hasSize(Chart.NOTE_LINES + 2)
        .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(Chart.NOTE_WIDTH));
    int shown = 0;
    for (int i = 1; i <= Chart.NOTE_LINES; i++) {
      shown += lines[i].split("  ").length;
    }
    assertThat(lines[lines.length - 1]).isEqualTo("… " + (32 - shown) + " more (--json)");
  }

  @Test
  void oneOrTwoEpochsGetRoundLossTicks() throws Exception {
    for (int epochs = 1; epochs <= 2; epochs++) {
      XYChart chart = Chart.build(history(epochs, true, 0.5), "short", null).chart();
      assertThat(chart.getStyler().getYAxisMax(0)).as("above val_loss 0.6").isEqualTo(1.0);
      assertThat(yTickLabels(chart)).as("%d epochs", epochs).hasSizeGreaterThan(2)
          .startsWith("0");
    }
    // one loss alone, as hmkcode.yaml's one epoch: 0 and the loss are all XChart would tick
    XYChart one = Chart.build(new TrainingHistory(List.of(new EpochResult(1,
        Map.of("loss", 0.3272)))), "hmkcode", null).chart();
    assertThat(yTickLabels(one)).hasSizeGreaterThan(2).startsWith("0").doesNotContain("0.327");
    assertThat(Chart.roundAbove(0.327)).isEqualTo(0.5);
    assertThat(Chart.roundAbove(0.5)).isEqualTo(1.0);
    assertThat(Chart.roundAbove(1.7)).isEqualTo(2.0);
    assertThat(Chart.roundAbove(2.1)).isEqualTo(2.5);
    assertThat(Chart.roundAbove(0)).isEqualTo(1.0);
  }

  /** The left y-axis labels XChart draws (read from its internals after painting the chart). */
  private static List<String> yTickLabels(XYChart chart) throws Exception {
    BitmapEncoder.getBufferedImage(chart);
    Method getYAxis = AxesChart.class.getDeclaredMethod("getYAxis", int.class);
    getYAxis.setAccessible(true);
    Object axis = getYAxis.invoke(chart, 0);
    Method calculator = axis.getClass().getMethod("getAxisTickCalculator");
    calculator.setAccessible(true);
    return ((AxisTickCalculator) calculator.invoke(axis)).getTickLabels();
  }

  /** The x-axis labels XChart draws (read from its internals after painting the chart). */
  private static List<String> xTickLabels(XYChart chart) throws Exception {
    BitmapEncoder.getBufferedImage(chart);
    Method getXAxis = AxesChart.class.getDeclaredMethod("getXAxis");
    getXAxis.setAccessible(true);
    Object axis = getXAxis.invoke(chart);
    Method calculator = axis.getClass().getMethod("getAxisTickCalculator");
    calculator.setAccessible(true);
    return ((AxisTickCalculator) calculator.invoke(axis)).getTickLabels();
  }

  @Test
  void highAccuracyGetsARoundFloorBelowItsLowestValue() {
    Chart.Plot plot = Chart.build(history(10, true, 0.86), "iris", null);
    assertThat(plot.chart().getStyler().getYAxisMin(1)).isCloseTo(0.7,
        org.assertj.core.data.Offset.offset(1e-12));
    assertThat(Chart.accuracyFloor(0.87)).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(Chart.accuracyFloor(1.0)).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(Chart.accuracyFloor(0.49)).isZero();
    assertThat(Chart.accuracyFloor(Double.NaN)).isZero();
  }

  @Test
  void oneOrTwoEpochsAreDrawnAsPoints() {
    for (int epochs = 1; epochs <= 2; epochs++) {
      XYChart chart = Chart.build(history(epochs, true, 0.5), "short", null).chart();
      assertThat(chart.getStyler().getMarkerSize()).isPositive();
      assertThat(chart.getStyler().getXAxisMax()).isEqualTo(epochs + 1.0);
      for (XYSeries s : chart.getSeriesCollection()) {
        assertThat(s.getXYSeriesRenderStyle()).as(s.getName())
            .contains(XYSeries.XYSeriesRenderStyle.Scatter);
        assertThat(s.getMarker()).isEqualTo(SeriesMarkers.CIRCLE);
      }
    }
    XYChart three = Chart.build(history(3, false, 0), "three", null).chart();
    assertThat(three.getStyler().getMarkerSize()).isZero();
    assertThat(three.getSeriesCollection()).noneMatch(s -> s.getXYSeriesRenderStyle()
        .equals(java.util.Optional.of(XYSeries.XYSeriesRenderStyle.Scatter)));
  }

  @Test
  void theTestMetricsAreNotedAndTheChartIsWritten() throws Exception {
    Map<String, Double> test = new LinkedHashMap<>();
    test.put("loss", 0.05);
    test.put("accuracy", 0.9667);
    Chart.Plot plot = Chart.build(history(5, true, 0.5), "iris", test);
    assertThat(plot.note()).isEqualTo("test\nloss 0.0500\naccuracy 0.9667");
    Path png = dir.resolve("iris.png");
    Chart.write(history(5, true, 0.5), "iris", test, png);
    assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void aLossBelowZeroKeepsTheAutomaticRange() {
    List<EpochResult> list = List.of(new EpochResult(1, Map.of("loss", -0.5)),
        new EpochResult(2, Map.of("loss", -0.7)), new EpochResult(3, Map.of("loss", -0.8)));
    XYChart chart = Chart.build(new TrainingHistory(list), "cosine", null).chart();
    assertThat(chart.getStyler().getYAxisMin(0)).isNull();
  }
}
