package dev.nn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.api.Matrix;
import dev.nn4j.core.ConfusionMatrix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The confusion matrix fitted to 40 and 200 columns, with 12 classes. */
class ConfusionTableTest {

  private static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover",
      "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot", "Sock", "Hat");

  /** 1,200 seeded samples of 12 classes, right about two times in three. */
  private static ConfusionMatrix matrix() {
    int k = CLASSES.size();
    int n = 1200;
    SplittableRandom random = new SplittableRandom(11);
    float[] predictions = new float[n * k];
    float[] targets = new float[n * k];
    for (int r = 0; r < n; r++) {
      int actual = random.nextInt(k);
      int predicted = random.nextInt(3) == 0 ? random.nextInt(k) : actual;
      targets[r * k + actual] = 1;
      predictions[r * k + predicted] = 1;
    }
    return ConfusionMatrix.of(new Matrix(n, k, predictions), new Matrix(n, k, targets));
  }

  @Test
  void twoHundredColumnsHoldTheWholeTableWithItsNames() {
    ConfusionMatrix m = matrix();
    String table = ConfusionTable.format(m, CLASSES, 200);
    assertThat(table).isEqualTo(m.toTable(CLASSES));
    assertThat(table.lines()).allMatch(l -> l.length() <= 200);
    assertThat(table.lines().findFirst().orElseThrow()).contains("T-shirt/top", "Ankle boot",
        "precision");
  }

  @Test
  void fortyColumnsSplitTheColumnsAndAbbreviateTheNamesKeepingEveryCount() {
    ConfusionMatrix m = matrix();
    String table = ConfusionTable.format(m, CLASSES, 40);
    assertThat(table.lines()).as(table).allMatch(l -> l.length() <= 40);
    assertThat(table).contains("…").contains("precision");
    // read the counts back: each block's heading gives the predicted classes of its columns
    Map<Integer, Map<Integer, Integer>> counts = new HashMap<>();
    List<Integer> columns = new ArrayList<>();
    boolean stats = false;
    for (String line : table.lines().toList()) {
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("class")) {
        stats = true;
        continue;
      }
      String[] tokens = line.trim().split(" +");
      if (line.startsWith("true\\pred")) {
        columns.clear();
        for (int t = 1; t < tokens.length; t++) {
          columns.add(Integer.parseInt(tokens[t]));
        }
        continue;
      }
      int actual = Integer.parseInt(tokens[0]);
      if (stats) {
        assertThat(line).contains(String.format(java.util.Locale.ROOT, "%.4f",
            m.precision(actual)));
        continue;
      }
      String[] cells = java.util.Arrays.copyOfRange(tokens, tokens.length - columns.size(),
          tokens.length);
      assertThat(cells).allMatch(c -> c.matches("\\d+"));
      for (int j = 0; j < cells.length; j++) {
        counts.computeIfAbsent(actual, a -> new HashMap<>()).put(columns.get(j),
            Integer.parseInt(cells[j]));
      }
    }
    for (int i = 0; i < CLASSES.size(); i++) {
      for (int j = 0; j < CLASSES.size(); j++) {
        assertThat(counts.get(i).get(j)).as("count %d,%d", i, j).isEqualTo(m.count(i, j));
      }
    }
    assertThat(table).contains("0 T-shirt…").contains("9 Ankle b…").contains("11 Hat")
        .contains("class").contains("9 Ankle boot");
  }

  @Test
  void theWidthComesFromColumnsThenTheTerminalElseThereIsNoLimit() {
    assertThat(ConfusionTable.width(Map.of("COLUMNS", "40"), false)).isEqualTo(40);
    assertThat(ConfusionTable.width(Map.of("COLUMNS", " 200 "), true)).isEqualTo(200);
    assertThat(ConfusionTable.width(Map.of("COLUMNS", "wide"), false))
        .isEqualTo(ConfusionTable.UNLIMITED);
    assertThat(ConfusionTable.width(Map.of(), false)).isEqualTo(ConfusionTable.UNLIMITED);
  }
}
