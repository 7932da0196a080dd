package dev.nn4j.core.data;

import dev.nn4j.core.Dataset;
import dev.nn4j.core.config.DataSpec;
import dev.nn4j.core.config.TrainingSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link DataSpec} into scaled training, validation and test splits: reads the samples,
 * splits them with the training seed, fits the scaler on the training split and applies it to
 * all three.
 *
 * <p>Thread-safety: stateless.
 */
public final class DataLoader {

  private DataLoader() {}

  /**
   * Reads the samples a specification names, one row of features per sample (an image's C·H·W
   * values row-major).
   *
   * @param spec the data section
   * @return the samples, unscaled
   * @throws dev.nn4j.api.ConfigException at {@link DataSpec#shapeLocation()}, naming the file,
   *     if the features do not number the size of {@link DataSpec#shape()}
   */
  public static LabelledData read(DataSpec spec) {
    LabelledData data = switch (spec.format()) {
      case "inline" ->
          new LabelledData(new Dataset(spec.features(), spec.targets()), spec.classes());
      case "idx" -> new IdxReader(spec.classes()).read(spec.file(), spec.labels());
      default -> csvReader(spec).read(spec.file());
    };
    int columns = data.dataset().features().cols();
    if (spec.shape() != null && columns != spec.shape().size()) {
      String needs = spec.shape().isImage() || !"network.inputs".equals(spec.shapeLocation()
          .path()) ? "the shape " + spec.shape() + " needs " + spec.shape().size()
          : "network.inputs is " + spec.shape().size();
      throw spec.shapeLocation().error(describe(spec) + " has " + columns + " feature values per "
          + "sample, but " + needs);
    }
    return data;
  }

  /** Names the data and where its features come from, for errors. */
  private static String describe(DataSpec spec) {
    return switch (spec.format()) {
      case "inline" -> "the inline data (data.features)";
      case "idx" -> "the IDX images file " + spec.file() + " (each image its header's rows × "
          + "columns)";
      default -> "the CSV file " + spec.file() + " (line " + (spec.header() ? 2 : 1)
          + ", without the label column)";
    };
  }

  /**
   * Returns the reader of a CSV data section, which also reads new files laid out the same way.
   *
   * @param spec the data section
   * @return the reader, or null if the data is not CSV
   */
  public static CsvReader csvReader(DataSpec spec) {
    if (!spec.format().equals("csv")) {
      return null;
    }
    List<CsvReader.Categorical> categorical = new ArrayList<>();
    spec.categorical().forEach((column, encoding) ->
        categorical.add(new CsvReader.Categorical(column, encoding, List.of())));
    return new CsvReader(spec.header(), spec.delimiter(), spec.labelColumn(), spec.classes(),
        spec.encoding().equals("one_hot"), new CsvReader.Columns(spec.label(), spec.columns(),
            spec.missing(), categorical, 0, List.of()));
  }

  /**
   * Reads, splits and scales; a separate validation or test file replaces that split. With
   * {@code shuffle: false} the samples keep their file order (see {@link Splits#of(Dataset,
   * double, double, long, boolean)}).
   *
   * @param spec the data section
   * @param training the splits and their seed
   * @return the prepared data
   */
  public static Prepared prepare(DataSpec spec, TrainingSpec training) {
    Read raw = split(spec, training);
    Scaler scaler = Scaler.fit(spec.scaling(), raw.splits().train().features(),
        raw.csv() == null ? new int[0] : raw.csv().categoricalInputs());
    return new Prepared(raw.splits().scaled(scaler), scaler, raw.classes());
  }

  /**
   * Reads and splits, without scaling: the samples as the files hold them. A separate
   * validation or test file replaces that split.
   *
   * @param spec the data section
   * @param training the splits and their seed
   * @return the raw splits and the class names
   */
  public static Read split(DataSpec spec, TrainingSpec training) {
    LabelledData data = read(spec);
    Splits raw = Splits.of(data.dataset(), training.validationSplit(), training.testSplit(),
        training.seed(), training.shuffle());
    CsvReader fitted = data.reader();
    Dataset validation = raw.validation();
    if (spec.validationFile() != null) {
      validation = fitted.read(spec.validationFile()).dataset();
    }
    Dataset test = raw.test();
    if (spec.testFile() != null) {
      test = fitted != null ? fitted.read(spec.testFile()).dataset()
          : read(spec.withFile(spec.testFile(), spec.testLabels())).dataset();
    }
    return new Read(new Splits(raw.train(), validation, test), data.classes(), fitted);
  }

  /**
   * Raw splits as the data section's files hold them.
   *
   * @param splits training, validation and test samples, not scaled
   * @param classes class names; empty for numeric targets
   * @param csv for CSV data, the reader fitted to the training file (classes, categories and
   *     column layout fixed), which reads more files laid out the same way; null otherwise
   */
  public record Read(Splits splits, List<String> classes, CsvReader csv) {

    /** Copies the class names. */
    public Read {
      classes = List.copyOf(classes);
    }

    /**
     * Raw splits that are not from a CSV file.
     *
     * @param splits training, validation and test samples, not scaled
     * @param classes class names; empty for numeric targets
     */
    public Read(Splits splits, List<String> classes) {
      this(splits, classes, null);
    }
  }

  /**
   * Scaled splits ready to train on.
   *
   * @param splits training, validation and test samples, scaled
   * @param scaler the scaling fitted on the training split
   * @param classes class names; empty for numeric targets
   */
  public record Prepared(Splits splits, Scaler scaler, List<String> classes) {}
}
