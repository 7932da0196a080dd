package dev.nn4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.api.ConfigException;
import dev.nn4j.api.Matrix;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import dev.nn4j.core.model.Training;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real CSV (quoting, a byte order mark, CRLF), columns chosen by header name, missing values and
 * categorical columns, from the reader to a saved model that reads raw strings again.
 */
class CsvColumnsTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();

  @TempDir
  Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    return file;
  }

  private static CsvReader.Columns columns(String label, List<String> features, String missing,
      List<CsvReader.Categorical> categorical) {
    return new CsvReader.Columns(label, features, missing, categorical, 0, List.of());
  }

  private static CsvReader.Categorical learn(String column, String encoding) {
    return new CsvReader.Categorical(column, encoding, List.of());
  }

  @Test
  void quotedCellsAByteOrderMarkAndCrlfAreRead() throws IOException {
    Path file = write("q.csv", "\uFEFFa,b,label\r\n\"1.5\",2,\"big, \"\"red\"\"\"\r\n"
        + "3,\"4\",\"two\r\nlines\"\r\n\r\n5,6,\"big, \"\"red\"\"\"\r\n");
    LabelledData data = new CsvReader(true, ',', -1, List.of(), true).read(file);
    assertThat(data.classes()).containsExactly("big, \"red\"", "two\r\nlines");
    assertThat(data.dataset().features()).isEqualTo(Matrix.of(new float[] {1.5f, 2},
        new float[] {3, 4}, new float[] {5, 6}));
  }

  @Test
  void aByteOrderMarkBeforeTheFirstNameStillFindsTheColumnByName() throws IOException {
    Path file = write("bom.csv", "\uFEFFspecies,x\nA,1\nB,2\n");
    LabelledData data = new CsvReader(true, ',', -1, List.of(), true,
        columns("species", List.of(), "error", List.of())).read(file);
    assertThat(data.classes()).containsExactly("A", "B");
    assertThat(data.dataset().features()).isEqualTo(Matrix.of(new float[] {1},
        new float[] {2}));
  }

  @Test
  void columnsAreChosenByHeaderNameInTheOrderGiven() throws IOException {
    Path file = write("n.csv", "x,species,y,unused\n1,A,10,z\n2,B,20,z\n");
    LabelledData data = new CsvReader(true, ',', -1, List.of(), true,
        columns("species", List.of("y", "x"), "error", List.of())).read(file);
    assertThat(data.classes()).containsExactly("A", "B");
    assertThat(data.dataset().features()).isEqualTo(Matrix.of(new float[] {10, 1},
        new float[] {20, 2}));
    assertThatThrownBy(() -> new CsvReader(true, ',', -1, List.of(), true,
        columns("kind", List.of(), "error", List.of())).read(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ":1: the header has no column named 'kind' (the label); it has 4 "
            + "columns");
  }

  @Test
  void aMissingValueIsAnErrorNamingFileLineAndColumnOrItsRowIsSkipped() throws IOException {
    Path file = write("m.csv", "a,b,label\n1,2,A\n3,NA,B\n,6,A\n7,8,NA\n9,10,B\n");
    assertThatThrownBy(() -> new CsvReader(true, ',', -1, List.of(), true).read(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ":3:2: column 2 is NA, a missing value; fill it in, or leave out rows"
            + " with missing values with data.missing: skip_row");
    assertThatThrownBy(() -> new CsvReader(true, ',', -1, List.of(), true,
        columns("label", List.of("b", "a"), "error", List.of())).read(file))
        .hasMessageStartingWith(file + ":3:2: column 2 (b) is NA");
    LabelledData kept = new CsvReader(true, ',', -1, List.of(), true,
        columns(null, List.of(), "skip_row", List.of())).read(file);
    assertThat(kept.dataset().features()).isEqualTo(Matrix.of(new float[] {1, 2},
        new float[] {9, 10}));
    assertThat(kept.classes()).containsExactly("A", "B");
  }

  @Test
  void nonFiniteValuesAreRejectedEvenWhenMissingRowsAreSkipped() throws IOException {
    Path file = write("f.csv", "1,2,A\n3,NaN,B\n");
    assertThatThrownBy(() -> new CsvReader(false, ',', -1, List.of(), true,
        columns(null, List.of(), "skip_row", List.of())).read(file))
        .hasMessageStartingWith(file + ":2:2: column 2 is not a finite number");
  }

  @Test
  void malformedCsvNamesTheLineAndNeverEchoesTheCell() throws IOException {
    Path file = write("s.csv", "1,2,A\n3,\"SECRET-TOKEN,4,B\n");
    assertThatThrownBy(() -> new CsvReader(false, ',', -1, List.of(), true).read(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":")
        .hasMessageContaining("malformed CSV: a quoted cell is not closed")
        .hasMessageNotContaining("SECRET");
    Path secret = write("t.csv", "h,label\nroot:SECRET-TOKEN,A\n");
    assertThatThrownBy(() -> new CsvReader(true, ',', -1, List.of(), true).read(secret))
        .hasMessage(secret + ":2:1: column 1 is not a number")
        .hasMessageNotContaining("SECRET");
  }

  @Test
  void categoricalColumnsBecomeOneHotInputsOrIdsInSortedOrder() throws IOException {
    Path file = write("c.csv", "colour,size,shape,label\nred,1,round,A\nblue,2,square,B\n"
        + "green,3,round,A\nred,4,round,B\n");
    CsvReader reader = new CsvReader(true, ',', -1, List.of(), true, columns("label",
        List.of("colour", "size", "shape"), "error",
        List.of(learn("shape", "ids"), learn("colour", "one_hot"))));
    LabelledData data = reader.read(file);
    // blue, green, red one-hot; then size; then shape's id (round 0, square 1)
    assertThat(data.dataset().features()).isEqualTo(Matrix.of(
        new float[] {0, 0, 1, 1, 0}, new float[] {1, 0, 0, 2, 1}, new float[] {0, 1, 0, 3, 0},
        new float[] {0, 0, 1, 4, 0}));
    CsvReader fitted = data.reader();
    assertThat(fitted.columns().categorical()).containsExactly(
        new CsvReader.Categorical("colour", "one_hot", List.of("blue", "green", "red")),
        new CsvReader.Categorical("shape", "ids", List.of("round", "square")));
    assertThat(fitted.inputs()).isEqualTo(5);
    assertThat(fitted.categoricalInputs()).containsExactly(0, 1, 2, 4);

    // samples to predict: the training layout (the label is skipped), or the features only
    Path training = write("p1.csv", "green,5,square,NA\n");
    Path featuresOnly = write("p2.csv", "green,5,square\n");
    Matrix expected = Matrix.of(new float[] {0, 1, 0, 5, 1});
    assertThat(fitted.withInput(false, ',').readFeatures(training)).isEqualTo(expected);
    assertThat(fitted.withInput(false, ',').readFeatures(featuresOnly)).isEqualTo(expected);
    Path byName = write("p3.csv", "shape,extra,size,colour\nsquare,x,5,green\n");
    assertThat(fitted.withInput(true, ',').readFeatures(byName)).isEqualTo(expected);

    Path unseen = write("p4.csv", "purple,5,square\n");
    assertThatThrownBy(() -> fitted.withInput(false, ',').readFeatures(unseen))
        .isInstanceOf(ConfigException.class)
        .hasMessage(unseen + ":1:1: column 1 (colour) holds a category the model was not "
            + "trained on; it knows 3: blue, green, red");
    // a labelled file (a config's validation or test file) gets the count, not the list
    Path validation = write("v.csv",
        "colour,size,shape,label\nred,1,round,A\npurple,2,round,B\n");
    assertThatThrownBy(() -> fitted.read(validation))
        .hasMessage(validation + ":3:1: column 1 (colour) holds a category the model was not "
            + "trained on; it knows 3 (nn4j inspect lists them)");
    Path narrow = write("p5.csv", "green,5\n");
    assertThatThrownBy(() -> fitted.withInput(false, ',').readFeatures(narrow))
        .hasMessage(narrow + ":1: expected 4 columns (laid out as the training file) or 3 (its "
            + "features only, in order), found 2");
  }

  @Test
  void aConfigTrainsOnCategoricalColumnsLeavesThemUnscaledAndItsModelReadsRawStrings()
      throws IOException {
    StringBuilder csv = new StringBuilder("kind,x,colour,label\n");
    String[] colours = {"red", "blue"};
    for (int i = 0; i < 40; i++) {
      String colour = colours[i % 2];
      csv.append(i % 3 == 0 ? "NA" : "k" + (i % 3)).append(',').append(i).append(',')
          .append(colour).append(',').append(colour.equals("red") ? "hot" : "cold").append('\n');
    }
    write("d.csv", csv.toString());
    Path config = write("c.yaml", """
        name: cat
        data:
          file: d.csv
          header: true
          label: label
          columns: [colour, x, kind]
          categorical: {colour: ids, kind: one_hot}
          missing: skip_row
          scaling: standard
        network:
          inputs: 4
          seed: 1
          layers:
            - name: colour_id
              type: slice
              from: 0
              to: 1
            - type: dense
              units: 2
              name: colour
            - name: rest
              type: slice
              inputs: [input]
              from: 1
              to: 4
            - type: concat
              inputs: [colour, rest]
            - units: 2
              activation: softmax
        loss: categorical_cross_entropy
        optimizer: {type: adam, learningRate: 0.05}
        training: {epochs: 30, batchSize: 4, seed: 3}
        """);
    ModelSpec spec = new ConfigReader(REGISTRY).read(config);
    Training.Result result = Training.run(spec, REGISTRY, List.of());
    Model model = result.model();
    // 26 rows kept (14 with kind NA skipped); kind's categories k1, k2 one-hot
    assertThat(result.rawSplits().train().size()).isEqualTo(26);
    assertThat(model.scaler().offset()[0]).isZero();
    assertThat(model.scaler().scale()[0]).isEqualTo(1f);
    assertThat(model.scaler().offset()[1]).isNotZero();
    assertThat(model.scaler().offset()[2]).isZero();
    assertThat(model.scaler().offset()[3]).isZero();

    Path saved = dir.resolve("cat.nn4j");
    ModelFile.save(model, saved);
    Model loaded = ModelFile.load(saved, REGISTRY);
    assertThat(loaded.csv()).isEqualTo(model.csv());
    assertThat(loaded.csv().columns().categorical()).containsExactly(
        new CsvReader.Categorical("colour", "ids", List.of("blue", "red")),
        new CsvReader.Categorical("kind", "one_hot", List.of("k1", "k2")));
    Path samples = write("in.csv", "label,kind,colour,x\n?,k1,red,5\n?,k2,blue,6\n");
    Matrix features = loaded.csv().withInput(true, ',').readFeatures(samples);
    assertThat(features).isEqualTo(Matrix.of(new float[] {1, 5, 1, 0},
        new float[] {0, 6, 0, 1}));
    assertThat(loaded.classify(features).stream().map(Model.Classification::label))
        .containsExactly("hot", "cold");
  }

  @Test
  void aModelWhoseLayoutHasNoWidthReadsRowsWithTheLabelOrWithout() throws IOException {
    // as written before the layout kept its width: every column but the label is a feature
    Model model = Model.builder(dev.nn4j.core.Network.builder(REGISTRY).inputs(2)
            .dense(2, "softmax").build()).classes("a", "b")
        .csv(new CsvReader(false, ',', -1, List.of(), true)).build();
    Path file = dir.resolve("old.nn4j");
    ModelFile.save(model, file);
    CsvReader loaded = ModelFile.load(file, REGISTRY).csv();
    assertThat(loaded.columns().width()).isEqualTo(3);
    assertThat(loaded.labelColumn()).isEqualTo(2);
    Path withLabel = write("l.csv", "1,2,a\n");
    Path without = write("f.csv", "1,2\n");
    assertThat(loaded.readFeatures(withLabel)).isEqualTo(Matrix.of(new float[] {1, 2}));
    assertThat(loaded.readFeatures(without)).isEqualTo(Matrix.of(new float[] {1, 2}));
  }

  @Test
  void namedColumnsAreConfigErrorsAtTheirKey() throws IOException {
    write("d.csv", "a,b\n1,2\n");
    String base = """
        data:
          file: d.csv
          header: true
        %s
        network: {inputs: 1, layers: [{units: 2, activation: softmax}]}
        loss: categorical_cross_entropy
        """;
    ConfigReader reader = new ConfigReader(REGISTRY);
    record Case(String keys, String message) {}
    for (Case c : List.of(
        new Case("  label: b\n  labelColumn: 1", "give the label column once"),
        new Case("  categorical: {a: embed}", "'embed' is not one of one_hot, ids"),
        new Case("  label: b\n  categorical: {b: ids}", "is the label (data.label)"),
        new Case("  columns: [a, a]", "the column 'a' is listed twice"),
        new Case("  columns: [a]\n  categorical: {c: ids}", "'c' is not one of data.columns"),
        new Case("  missing: drop", "'drop' is not one of error, skip_row"))) {
      Path config = write("c.yaml", base.formatted(c.keys()));
      assertThatThrownBy(() -> reader.read(config)).as(c.keys())
          .isInstanceOf(ConfigException.class).hasMessageContaining(c.message());
    }
    Path inline = write("c.yaml", """
        data:
          features: [[1], [2]]
          targets: [[1, 0], [0, 1]]
          label: y
        network: {inputs: 1, layers: [{units: 2, activation: softmax}]}
        loss: categorical_cross_entropy
        """);
    assertThatThrownBy(() -> reader.read(inline))
        .hasMessageContaining("data.label is for CSV data (format: csv), not inline");
    Path noHeader = write("c.yaml", base.replace("  header: true\n", "")
        .formatted("  columns: [a]"));
    assertThatThrownBy(() -> reader.read(noHeader))
        .hasMessageContaining("data.columns names columns by the names in the file's first "
            + "line: set data.header: true");
  }
}
