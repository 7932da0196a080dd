package dev.nn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.BatchResult;
import dev.nn4j.core.EpochResult;
import dev.nn4j.core.TrainingHistory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The progress display: one status line redrawn in place, rarely, with the running mean. */
class ProgressDisplayTest {

  private static final Pattern STATUS = Pattern.compile(
      "epoch (\\d+)/(\\d+)  batch (\\d+)/(\\d+)  loss (\\d+\\.\\d{4})");

  /** Trains 3 epochs of 20,000 batches, each a simulated millisecond: 60 s in all. */
  @Test
  void aTerminalGetsOneStatusLineRedrawnAtMostFiveTimesASecondWithTheRunningMean() {
    StringWriter text = new StringWriter();
    long[] now = {0};
    ProgressDisplay display = new ProgressDisplay(new PrintWriter(text), true, () -> now[0]);
    int epochs = 3;
    int batches = 20_000;
    SplittableRandom random = new SplittableRandom(7);
    display.onTrainingStart(epochs, batches);
    List<double[]> means = new ArrayList<>();
    for (int e = 1; e <= epochs; e++) {
      display.onEpochStart(e);
      double sum = 0;
      double[] mean = new double[batches + 1];
      for (int b = 1; b <= batches; b++) {
        now[0] += 1_000_000L;
        double loss = random.nextDouble() * e;
        sum += loss;
        mean[b] = sum / b;
        display.onBatchEnd(new BatchResult(e, b, batches, loss));
      }
      means.add(mean);
      display.onEpochEnd(new EpochResult(e, Map.of("loss", sum / batches)));
    }
    display.onTrainingEnd(new TrainingHistory(List.of()));
    String out = text.toString();
    Matcher m = STATUS.matcher(out);
    int draws = 0;
    while (m.find()) {
      draws++;
      int epoch = Integer.parseInt(m.group(1));
      int batch = Integer.parseInt(m.group(3));
      assertThat(m.group(2)).isEqualTo("3");
      assertThat(m.group(4)).isEqualTo("20000");
      assertThat(Double.parseDouble(m.group(5))).as("the running mean of epoch %d at batch %d",
          epoch, batch).isCloseTo(means.get(epoch - 1)[batch],
              org.assertj.core.data.Offset.offset(0.00006));
      assertThat(out.charAt(m.start() - 1)).as("drawn in place").isEqualTo('\r');
    }
    assertThat(draws).as("60 simulated seconds at most 5 times a second")
        .isBetween(250, 60 * ProgressDisplay.REDRAWS_PER_SECOND + 1);
    assertThat(java.util.Arrays.stream(out.split("\n")).map(l -> l.substring(
        l.lastIndexOf('\r') + 1)).filter(l -> !l.isBlank()).toList())
        .as("one line per epoch, nothing else kept")
        .hasSize(3).allMatch(l -> l.matches("epoch \\d/3  loss \\d\\.\\d{4}"));
  }

  @Test
  void aPipeGetsOnlyTheEpochLines() {
    StringWriter text = new StringWriter();
    long[] now = {0};
    ProgressDisplay display = new ProgressDisplay(new PrintWriter(text), false, () -> now[0]);
    display.onTrainingStart(2, 1000);
    for (int e = 1; e <= 2; e++) {
      display.onEpochStart(e);
      for (int b = 1; b <= 1000; b++) {
        now[0] += 10_000_000L;
        display.onBatchEnd(new BatchResult(e, b, 1000, 0.5));
      }
      display.onEpochEnd(new EpochResult(e, Map.of("loss", 0.5)));
    }
    display.onTrainingEnd(new TrainingHistory(List.of()));
    assertThat(text.toString()).isEqualTo("epoch 1/2  loss 0.5000\nepoch 2/2  loss 0.5000\n"
        .replace("\n", System.lineSeparator()));
  }
}
