package dev.nn4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.api.ConfigException;
import dev.nn4j.api.Matrix;
import dev.nn4j.api.Shape;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.config.ConfigReader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataReadersTest {

  @TempDir
  Path dir;

  private Path write(String name, String text, boolean gzip) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file))
        : Files.newOutputStream(file)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }

  @Test
  void csvWithHeaderClassNamesAndOneHotTargets() throws IOException {
    Path file = write("a.csv", "a,b,label\n1,2,cat\n3,4,dog\n5,6,cat\n", false);
    LabelledData data = new CsvReader(true, ',', -1, List.of(), true).read(file);
    assertThat(data.classes()).containsExactly("cat", "dog");
    assertThat(data.dataset().features()).isEqualTo(
        Matrix.of(new float[] {1, 2}, new float[] {3, 4}, new float[] {5, 6}));
    assertThat(data.dataset().targets()).isEqualTo(
        Matrix.of(new float[] {1, 0}, new float[] {0, 1}, new float[] {1, 0}));
  }

  @Test
  void gzipIsReadTransparentlyWhateverTheName() throws IOException {
    Path file = write("b.data", "0;7.5;1\n1;1.5;0\n", true);
    LabelledData data = new CsvReader(false, ';', 0, List.of("no", "yes"), true).read(file);
    assertThat(data.dataset().features()).isEqualTo(Matrix.of(new float[] {7.5f, 1},
        new float[] {1.5f, 0}));
    assertThat(data.dataset().targets()).isEqualTo(Matrix.of(new float[] {1, 0},
        new float[] {0, 1}));
  }

  @Test
  void numericTargetsKeepTheLabelsValue() throws IOException {
    Path file = write("c.csv", "1,2.5\n2,-1\n", false);
    Dataset d = new CsvReader(false, ',', -1, List.of(), false).read(file).dataset();
    assertThat(d.targets().data()).containsExactly(2.5f, -1f);
  }

  @Test
  void onlyDecimalNumbersAreNumbersNotJavasSuffixesOrHex() throws IOException {
    for (String yes : new String[] {"1", "-2", "+3", "1.5", "-.5", "5.", "1e3", "1.5E-3", " 2 ", "\t4",
        "007", "NaN", "-Infinity"}) {
      assertThat(CsvReader.decimal(yes)).as(yes).isTrue();
    }
    for (String no : new String[] {"3f", "3d", "3F", "0x1p3", "1e", "1e+", ".", "+", "-", "",
        " ", "1.2.3", "1,5", "١٢", "e5", "nan", "inf", "5.1\0", "\u00018", "\u001b2"}) {
      assertThat(CsvReader.decimal(no)).as(no).isFalse();
    }
    Path file = write("f.csv", "1,2,0\n3,4f,1\n", false);
    assertThatThrownBy(() -> new CsvReader(false, ',', -1, List.of(), true).read(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("f.csv:2:2: ").hasMessageContaining("column 2 is not a number");
  }

  @Test
  void aMalformedCellNamesTheFileLineAndColumn() throws IOException {
    Path file = write("d.csv", "1,2,0\n3,x,1\n", false);
    assertThatThrownBy(() -> new CsvReader(false, ',', -1, List.of(), true).read(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ":2:2: column 2 is not a number");
    Path ragged = write("e.csv", "1,2,0\n3,1\n", false);
    assertThatThrownBy(() -> new CsvReader(false, ',', -1, List.of(), true).read(ragged))
        .hasMessage(ragged + ":2: expected 3 columns like the first row, found 2");
  }

  @Test
  void aLabelOutsideTheClassesIsNamed() throws IOException {
    Path file = write("f.csv", "1,setosa\n2,rose\n", false);
    assertThatThrownBy(() -> new CsvReader(false, ',', -1, List.of("setosa", "virginica"), true)
        .read(file))
        .hasMessageContaining(":2:2: the label in column 2 is not one of the classes [setosa, "
            + "virginica]");
  }

  private Path idx(String name, int[] shape, byte[] values, boolean gzip) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x0800 | shape.length);
    for (int d : shape) {
      out.writeInt(d);
    }
    out.write(values);
    Path file = dir.resolve(name);
    try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(file))
        : Files.newOutputStream(file)) {
      o.write(bytes.toByteArray());
    }
    return file;
  }

  @Test
  void idxImagesAndLabelsGzippedOrNot() throws IOException {
    Path images = idx("img.gz", new int[] {3, 2, 2}, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
        (byte) 255}, true);
    Path labels = idx("lbl", new int[] {3}, new byte[] {2, 0, 1}, false);
    LabelledData data = new IdxReader(List.of()).read(images, labels);
    assertThat(data.dataset().features().shape()).isEqualTo("3×4");
    assertThat(data.dataset().features().row(2)).containsExactly(8, 9, 10, 255);
    assertThat(data.dataset().targets().row(0)).containsExactly(0, 0, 1);
    assertThat(data.classes()).containsExactly("0", "1", "2");
  }

  @Test
  void idxErrorsNameTheFile() throws IOException {
    Path images = idx("img", new int[] {3, 2, 2}, new byte[5], false);
    Path labels = idx("lbl", new int[] {3}, new byte[] {0, 1, 2}, false);
    assertThatThrownBy(() -> new IdxReader(List.of()).read(images, labels))
        .isInstanceOf(ConfigException.class)
        .hasMessage(images + ": the header declares 3×2×2 = 12 values, but the file holds "
            + "only 21 bytes");
    Path text = write("notidx", "hello world", false);
    assertThatThrownBy(() -> new IdxReader(List.of()).read(text, labels))
        .hasMessageContaining("not an IDX file of unsigned bytes");
    Path full = idx("img2", new int[] {2, 1, 1}, new byte[] {1, 2}, false);
    assertThatThrownBy(() -> new IdxReader(List.of()).read(full, labels))
        .hasMessageContaining("expected 2 labels for the 2 images");
  }

  @Test
  void splitsAreSeededDisjointAndComplete() {
    float[] x = new float[20];
    for (int i = 0; i < 20; i++) {
      x[i] = i;
    }
    Dataset data = new Dataset(new Matrix(20, 1, x), new Matrix(20, 1, x.clone()));
    Splits a = Splits.of(data, 0.25, 0.2, 9);
    Splits b = Splits.of(data, 0.25, 0.2, 9);
    assertThat(a.test().size()).isEqualTo(4);
    assertThat(a.validation().size()).isEqualTo(5);
    assertThat(a.train().size()).isEqualTo(11);
    assertThat(a.test().features()).isEqualTo(b.test().features());
    assertThat(Splits.of(data, 0.25, 0.2, 10).test().features())
        .isNotEqualTo(a.test().features());
    float[] all = new float[20];
    int k = 0;
    for (Dataset d : List.of(a.train(), a.validation(), a.test())) {
      for (float v : d.features().data()) {
        all[k++] = v;
      }
    }
    Arrays.sort(all);
    assertThat(all).containsExactly(x);
    assertThat(Splits.of(data, 0, 0, 1).validation()).isNull();
  }

  /** Keras's validation_split: with shuffling off, nothing moves and the last samples are held out. */
  @Test
  void unshuffledSplitsKeepTheFileOrderAndHoldOutTheLastSamples() {
    float[] x = new float[10];
    for (int i = 0; i < 10; i++) {
      x[i] = i;
    }
    Dataset data = new Dataset(new Matrix(10, 1, x), new Matrix(10, 1, x.clone()));
    Splits s = Splits.of(data, 0.2, 0.1, 9, false);
    assertThat(s.train().features().data()).containsExactly(0, 1, 2, 3, 4, 5, 6);
    assertThat(s.train().targets().data()).containsExactly(0, 1, 2, 3, 4, 5, 6);
    assertThat(s.validation().features().data()).containsExactly(7, 8);
    assertThat(s.test().features().data()).containsExactly(9);
    assertThat(Splits.of(data, 0.2, 0.1, 10, false)).isEqualTo(s); // the seed plays no part
    Splits all = Splits.of(data, 0, 0, 9, false);
    assertThat(all.train().features().data()).containsExactly(x);
    assertThat(all.validation()).isNull();
    assertThat(all.test()).isNull();
    // the shuffled path is unchanged: the default overload shuffles
    assertThat(Splits.of(data, 0.2, 0.1, 9, true)).isEqualTo(Splits.of(data, 0.2, 0.1, 9));
    assertThat(Splits.of(data, 0, 0, 9, true).train().features().data()).isNotEqualTo(x);
  }

  @Test
  void trainingWithShuffleOffReadsTheFileInOrder() throws IOException {
    write("ordered.csv", "1,0\n2,1\n3,0\n4,1\n5,0\n", false);
    var spec = new ConfigReader(PluginRegistry.discover())
        .read("""
            data: {file: ordered.csv}
            network: {inputs: 1, layers: [{units: 2}]}
            training: {shuffle: false, seed: 7}
            """, "o.yaml", dir);
    DataLoader.Prepared prepared = DataLoader.prepare(spec.data(), spec.training());
    assertThat(prepared.splits().train().features().data()).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void scalersAreFittedOnTrainingDataAndApplied() {
    Matrix train = Matrix.of(new float[] {1, 10}, new float[] {3, 10}, new float[] {5, 10});
    Scaler standard = Scaler.fit("standard", train);
    Matrix s = standard.apply(train);
    assertThat(s.get(0, 0)).isCloseTo(-1.2247449f, within(1e-6f));
    assertThat(s.get(1, 0)).isZero();
    assertThat(s.get(2, 1)).isZero();
    Scaler minmax = Scaler.fit("minmax", train);
    assertThat(minmax.apply(Matrix.of(new float[] {4, 10})).data()).containsExactly(0.75f, 0f);
    assertThat(Scaler.fit("none", train).apply(train)).isEqualTo(train);
  }

  @Test
  void aValidationFileReplacesTheValidationSplitAndIsScaledLikeTraining() throws IOException {
    write("train.csv", "1,0\n3,1\n5,0\n7,1\n", false);
    write("val.csv", "4,1\n", false);
    var spec = new ConfigReader(PluginRegistry.discover())
        .read("""
            data: {file: train.csv, validationFile: val.csv, scaling: minmax}
            network: {inputs: 1, layers: [{units: 2}]}
            training: {validationSplit: 0.5, shuffle: false}
            """, "v.yaml", dir);
    DataLoader.Prepared prepared = DataLoader.prepare(spec.data(), spec.training());
    assertThat(prepared.splits().train().size()).isEqualTo(2);
    assertThat(prepared.splits().validation().size()).isEqualTo(1);
    assertThat(prepared.splits().validation().features().data()[0])
        .isEqualTo((4 - prepared.scaler().offset()[0]) / prepared.scaler().scale()[0]);
    assertThat(prepared.splits().validation().targets().data()).containsExactly(0, 1);
  }

  @Test
  void anImageInputGivesIdxImagesTheirShapeAsRowsOfCTimesHTimesWValues() throws IOException {
    idx("img", new int[] {3, 2, 2}, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, false);
    idx("lbl", new int[] {3}, new byte[] {2, 0, 1}, false);
    var spec = new ConfigReader(PluginRegistry.discover())
        .read("""
            data: {format: idx, file: img, labels: lbl}
            network: {inputs: [1, 2, 2], layers: [{units: 3}]}
            training: {shuffle: false}
            """, "i.yaml", dir);
    assertThat(spec.data().shape()).isEqualTo(Shape.image(1, 2, 2));
    DataLoader.Prepared prepared = DataLoader.prepare(spec.data(), spec.training());
    assertThat(prepared.splits().train().features().shape()).isEqualTo("3×4");
    assertThat(prepared.splits().train().features().row(2)).containsExactly(8, 9, 10, 11);
  }

  @Test
  void idxImagesOfAnotherSizeThanDataShapeAreAnErrorAtTheKeyNamingTheFile() throws IOException {
    Path images = idx("img", new int[] {3, 2, 2}, new byte[12], false);
    idx("lbl", new int[] {3}, new byte[] {2, 0, 1}, false);
    var spec = new ConfigReader(PluginRegistry.discover())
        .read("""
            data:
              format: idx
              file: img
              labels: lbl
              shape: [1, 2, 3]
            network: {inputs: 6, layers: [{units: 3}]}
            """, "s.yaml", dir);
    assertThatThrownBy(() -> DataLoader.read(spec.data()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("s.yaml:5:10")
        .hasMessageContaining("data.shape")
        .hasMessageContaining(images.toString())
        .hasMessageContaining("has 4 feature values per sample, but the shape 1×2×3 needs 6");
  }

  @Test
  void csvRowsOfAnotherSizeThanTheImageInputAreAnErrorNamingTheFileAndLine() throws IOException {
    Path csv = write("img.csv", "a,b,c,label\n1,2,3,0\n4,5,6,1\n", false);
    var spec = new ConfigReader(PluginRegistry.discover())
        .read("""
            data: {file: img.csv, header: true}
            network:
              inputs: [1, 2, 2]
              layers: [{units: 2}]
            """, "c.yaml", dir);
    assertThatThrownBy(() -> DataLoader.read(spec.data()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("c.yaml:3:11")
        .hasMessageContaining("network.inputs")
        .hasMessageContaining(csv + " (line 2, without the label column) has 3 feature values");
  }

  @Test
  void dataShapeMustFitTheNetworksInputs() {
    var reader = new ConfigReader(PluginRegistry.discover());
    assertThatThrownBy(() -> reader.read("""
            data: {features: [[1, 2, 3, 4, 5, 6]], targets: [[1]], shape: [1, 2, 3]}
            network: {inputs: [1, 3, 2], layers: [{units: 1}]}
            """, "f.yaml", dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("data.shape")
        .hasMessageContaining("data.shape 1×2×3 (6 values) does not fit network.inputs 1×3×2");
    assertThatThrownBy(() -> reader.read("""
            data: {features: [[1, 2, 3, 4, 5, 6]], targets: [[1]], shape: [1, 2, 3]}
            network: {inputs: 5, layers: [{units: 1}]}
            """, "f.yaml", dir))
        .hasMessageContaining("does not fit network.inputs 5 (5 values)");
    assertThat(reader.read("""
            data: {features: [[1, 2, 3, 4, 5, 6]], targets: [[1]], shape: [1, 2, 3]}
            network: {inputs: 6, layers: [{units: 1}]}
            """, "f.yaml", dir).data().shape()).isEqualTo(Shape.image(1, 2, 3));
  }
}
