package dev.nn4j.core.data;

import dev.nn4j.api.ConfigException;
import dev.nn4j.api.Matrix;
import dev.nn4j.core.Dataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a delimited text file (through Jackson's CSV parser: quoting, a UTF-8 byte order mark,
 * CRLF) of features and one label column.
 *
 * <p>Columns: the label is the column {@link Columns#label()} names in the header, or else the
 * column {@code labelColumn}; the features are the columns {@link Columns#features()} names, in
 * that order, or else every other column in file order. A categorical feature column ({@link
 * Columns#categorical()}) holds text: {@code one_hot} turns it into one input per category,
 * {@code ids} into one input holding the category's number (for an {@code embedding} layer). The
 * inputs are the features in order, each numeric or {@code ids} column one input, each {@code
 * one_hot} column one input per category. Categories are numbered in sorted (Unicode) order; a
 * category the reader does not know, once they are fixed, is an error.
 *
 * <p>Missing values are empty cells and cells {@code NA}: an error naming the file, line and
 * column, or, with {@code missing: skip_row}, the row is left out of labelled data ({@link
 * #read}); samples to predict ({@link #readFeatures}) need every feature. Non-finite numbers (NaN,
 * infinities, values beyond the float range) are always an error.
 *
 * <p>Labels are class names or class numbers. With {@code classes} given, a label is either one
 * of the names or its 0-based number; without, the classes are numbered as found (numbers in
 * numeric order, names in order of first appearance). One-hot targets get one column per class;
 * numeric targets are the label's value in one column.
 *
 * <p>{@link #read} returns, with the samples, the reader {@linkplain LabelledData#reader() fitted}
 * to the file: its classes, categories and column layout fixed, to read more files the same way
 * (validation and test files, samples to predict). Error messages name the file, line and
 * column, and the column's name where the configuration gave it, never a cell's text: data files
 * may be named by a downloaded configuration.
 *
 * <p>Thread-safety: immutable.
 *
 * @param header whether the first line is a header (column names; skipped as data)
 * @param delimiter the column separator
 * @param labelColumn the label's 0-based column, or -1 for the last; unused when {@link
 *     Columns#label()} names it
 * @param classes class names, or empty to number the classes found
 * @param oneHot one-hot targets if true, the numeric label otherwise
 * @param columns which columns are features and how they are read
 */
public record CsvReader(boolean header, char delimiter, int labelColumn, List<String> classes,
    boolean oneHot, Columns columns) {

  /** What {@code missing:} may say. */
  public static final List<String> MISSING = List.of("error", "skip_row");
  /** The encodings of a categorical column. */
  public static final List<String> CATEGORICAL = List.of("one_hot", "ids");
  /** The cells that are missing values. */
  public static final Set<String> MISSING_MARKERS = Set.of("", "NA");

  /** Copies the class names; no columns means {@link Columns#DEFAULT}. */
  public CsvReader {
    classes = List.copyOf(classes);
    columns = columns == null ? Columns.DEFAULT : columns;
  }

  /**
   * A reader of every column but the label as a number, missing values an error.
   *
   * @param header whether the first line is a header to skip
   * @param delimiter the column separator
   * @param labelColumn the label's 0-based column, or -1 for the last
   * @param classes class names, or empty to number the classes found
   * @param oneHot one-hot targets if true, the numeric label otherwise
   */
  public CsvReader(boolean header, char delimiter, int labelColumn, List<String> classes,
      boolean oneHot) {
    this(header, delimiter, labelColumn, classes, oneHot, Columns.DEFAULT);
  }

  /**
   * Which columns are read and how.
   *
   * @param label the label column's name in the header, or null to use {@code labelColumn}
   * @param features the feature columns' names in the header, in input order; empty for every
   *     column but the label, in file order
   * @param missing {@code error} or {@code skip_row}
   * @param categorical the categorical feature columns, in any order
   * @param width the number of columns of the file the reader was fitted to, 0 if not fitted
   * @param featureColumns the 0-based columns of the features in that file, in input order;
   *     empty if not fitted
   */
  public record Columns(String label, List<String> features, String missing,
      List<Categorical> categorical, int width, List<Integer> featureColumns) {

    /** Every column but the label is a number; missing values are an error. */
    public static final Columns DEFAULT = new Columns(null, List.of(), "error", List.of(), 0,
        List.of());

    /** Copies the lists and checks the values. */
    public Columns {
      features = List.copyOf(features);
      categorical = List.copyOf(categorical);
      featureColumns = List.copyOf(featureColumns);
      if (!MISSING.contains(missing)) {
        throw new IllegalArgumentException("missing must be one of " + MISSING + ", was "
            + missing);
      }
    }

    /** Whether columns are chosen by their names in the header. */
    public boolean named() {
      return label != null || !features.isEmpty() || !categorical.isEmpty();
    }

    /** The categorical column of this name, or null. */
    Categorical categorical(String name) {
      for (Categorical c : categorical) {
        if (c.column().equals(name)) {
          return c;
        }
      }
      return null;
    }
  }

  /**
   * A categorical feature column.
   *
   * @param column its name in the header
   * @param encoding {@code one_hot} or {@code ids}
   * @param categories its categories in id order (sorted), or empty until the reader is fitted
   */
  public record Categorical(String column, String encoding, List<String> categories) {

    /** Copies the categories and checks the encoding. */
    public Categorical {
      Objects.requireNonNull(column, "column");
      categories = List.copyOf(categories);
      if (!CATEGORICAL.contains(encoding)) {
        throw new IllegalArgumentException("encoding must be one of " + CATEGORICAL + ", was "
            + encoding);
      }
    }

    /** The inputs it becomes: one per category for one_hot, one for ids. */
    public int inputs() {
      return encoding.equals("one_hot") ? categories.size() : 1;
    }

    /**
     * Its fields by name ({@code column}, {@code encoding}, {@code categories}, in that order),
     * as a model file's manifest and {@code nn4j inspect --json} write them.
     */
    public Map<String, Object> fields() {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("column", column);
      fields.put("encoding", encoding);
      fields.put("categories", categories);
      return fields;
    }
  }

  /**
   * Returns a reader of the same layout with fixed class names, as a trained model needs.
   *
   * @param names the class names
   * @return the new reader
   */
  public CsvReader withClasses(List<String> names) {
    return new CsvReader(header, delimiter, labelColumn, names, oneHot, columns);
  }

  /**
   * Returns this reader for input laid out otherwise: with or without a header, another
   * delimiter.
   *
   * @param hasHeader whether the input's first line is a header
   * @param separator its column separator
   * @return the new reader
   */
  public CsvReader withInput(boolean hasHeader, char separator) {
    return new CsvReader(hasHeader, separator, labelColumn, classes, oneHot, columns);
  }

  /**
   * The number of inputs the features become, once fitted: each numeric or {@code ids} column
   * one, each {@code one_hot} column one per category; -1 if the reader is not fitted.
   */
  public int inputs() {
    if (columns.featureColumns().isEmpty()) {
      return -1;
    }
    String[] encodings = encodings(columns.featureColumns().size());
    int n = 0;
    for (int p = 0; p < encodings.length; p++) {
      n += encodings[p] == null ? 1 : categoricalAt(p).inputs();
    }
    return n;
  }

  /**
   * The inputs that hold a categorical column (ids, or one-hot indicators), which feature
   * scaling must leave as they are; 0-based, in order.
   *
   * @return the inputs; empty if there are none or the reader is not fitted
   */
  public int[] categoricalInputs() {
    List<Integer> out = new ArrayList<>();
    int at = 0;
    String[] encodings = encodings(columns.featureColumns().size());
    for (int p = 0; p < encodings.length; p++) {
      int width = encodings[p] == null ? 1 : categoricalAt(p).inputs();
      for (int k = 0; k < width; k++) {
        if (encodings[p] != null) {
          out.add(at + k);
        }
      }
      at += width;
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The categorical column of feature position p, by its name. */
  private Categorical categoricalAt(int p) {
    return columns.categorical(columns.features().get(p));
  }

  /** Each feature position's encoding (null for numeric), by the feature names. */
  private String[] encodings(int count) {
    String[] out = new String[count];
    if (columns.categorical().isEmpty()) {
      return out;
    }
    for (int p = 0; p < count; p++) {
      Categorical c = columns.categorical(columns.features().get(p));
      out[p] = c == null ? null : c.encoding();
    }
    return out;
  }

  /**
   * Reads the file, gzip-compressed or not.
   *
   * @param file the file
   * @return the samples, the class names and the reader fitted to the file
   * @throws ConfigException naming the file and line (and column) of a malformed row, a missing
   *     value (unless skipped), an unknown category, or if it cannot be read
   */
  public LabelledData read(Path file) {
    Rows rows = rows(file, true);
    int n = rows.count();
    DataLimits limits = DataLimits.fromSystemProperties();
    Matrix features = rows.features(file, limits);
    CsvReader fitted = rows.fitted();
    if (!oneHot) {
      float[] y = new float[n];
      for (int i = 0; i < n; i++) {
        y[i] = parse(file, rows.lines()[i], rows.label(), rows.labels().get(i));
      }
      return new LabelledData(new Dataset(features, new Matrix(n, 1, y)), List.of(), fitted);
    }
    Map<String, Integer> index = classIndex(file, rows, limits);
    List<String> names = classes.isEmpty() ? new ArrayList<>(index.keySet()) : classes;
    if ((long) n * names.size() > limits.maxValues()) {
      throw error(file, 0, "the one-hot targets of " + n + " samples and " + names.size()
          + " classes would hold more than " + limits.maxValues() + " values; "
          + DataLimits.raise("maxValues", limits.maxValues()));
    }
    float[] y = new float[n * names.size()];
    int label = rows.label();
    for (int i = 0; i < n; i++) {
      Integer k = classOf(rows.labels().get(i), index);
      if (k == null || k >= names.size()) {
        throw new ConfigException(file.toString(), rows.lines()[i], label + 1, "", "the label "
            + "in column " + (label + 1) + " is not one of the classes " + names
            + " nor a class number below " + names.size(), null);
      }
      y[i * names.size() + k] = 1;
    }
    return new LabelledData(new Dataset(features, new Matrix(n, names.size(), y)), names,
        fitted.withClasses(names));
  }

  /**
   * Reads a file of samples to predict: with a header and named columns, the features by name;
   * otherwise the columns of the training file (the label, if the reader is fitted and the rows
   * are as wide as the training file's, is skipped) or just the features, in input order.
   * Categorical columns are encoded with the fitted categories.
   *
   * @param file the file, gzip-compressed or not
   * @return one row of inputs per sample, unscaled
   * @throws ConfigException naming the file, line and column of a malformed, missing or
   *     non-finite value, or an unknown category
   */
  public Matrix readFeatures(Path file) {
    DataLimits limits = DataLimits.fromSystemProperties();
    return rows(file, null, false, 0, null).features(file, limits);
  }

  /**
   * Reads samples to predict as {@link #readFeatures} does, handing them on in batches of at
   * most {@code batchRows} rows as they are read, so that memory is bounded by a batch however
   * long the input. Batches are encoded with the reader's categories, so the reader must be
   * fitted (as a model's is) or have no categorical columns; otherwise the whole input is read
   * first and handed on as one batch. Rows before a malformed one have been handed on when its
   * error is thrown.
   *
   * @param name the input's name in errors (a file name, or {@code stdin})
   * @param stream the input, closed when read; null to read the file {@code name}
   * @param batchRows the most rows of a batch, at least 1
   * @param batch takes each batch of unscaled inputs; returns false to stop reading
   * @throws ConfigException as {@link #readFeatures} does
   */
  public void readFeatures(Path name, java.io.InputStream stream, int batchRows,
      java.util.function.Predicate<Matrix> batch) {
    if (batchRows < 1) {
      throw new IllegalArgumentException("batchRows must be at least 1, was " + batchRows);
    }
    DataLimits limits = DataLimits.fromSystemProperties();
    boolean fixed = columns.categorical().stream().noneMatch(c -> c.categories().isEmpty());
    Rows rest = rows(name, stream, false, fixed ? batchRows : 0,
        full -> batch.test(full.features(name, limits)));
    if (rest.count() > 0) {
      batch.test(rest.features(name, limits));
    }
  }

  /** The row's role of each column, once the width (and header) is known. */
  private record Plan(int label, int[] features, Categorical[] categorical, int width) {}

  private Plan plan(Path file, int line, int headerLine, List<String> names, int width,
      boolean labelled) {
    int label = -1;
    int[] features;
    List<String> featureNames = columns.features();
    if (names != null && columns.named()) {
      if (columns.label() != null) {
        label = names.indexOf(columns.label());
        if (label < 0 && labelled) {
          throw error(file, headerLine, "the header has no column named '" + columns.label()
              + "' (the label); it has " + names.size() + " columns");
        }
      } else if (labelled) {
        label = labelColumn(file, line, width);
      }
      if (featureNames.isEmpty()) {
        features = new int[width - (label >= 0 ? 1 : 0)];
        List<String> all = new ArrayList<>();
        for (int c = 0, p = 0; c < width; c++) {
          if (c != label) {
            features[p++] = c;
            all.add(names.get(c));
          }
        }
        featureNames = all;
      } else {
        features = new int[featureNames.size()];
        for (int p = 0; p < features.length; p++) {
          features[p] = names.indexOf(featureNames.get(p));
          if (features[p] < 0) {
            throw error(file, headerLine, "the header has no column named '" + featureNames.get(p)
                + "' (a feature); it has " + names.size() + " columns");
          }
        }
      }
      for (Categorical c : columns.categorical()) {
        if (!featureNames.contains(c.column())) {
          throw error(file, headerLine, "the header has no feature column named '" + c.column()
              + "' (a categorical column)");
        }
      }
    } else if (!columns.featureColumns().isEmpty()) {
      List<Integer> trained = columns.featureColumns();
      if (width == columns.width()) {
        label = labelColumn;
        features = trained.stream().mapToInt(Integer::intValue).toArray();
      } else if (!labelled && width == trained.size()) {
        features = new int[width];
        Arrays.setAll(features, i -> i);
      } else {
        throw error(file, line, "expected " + columns.width() + " columns (laid out as the "
            + "training file)" + (labelled ? "" : " or " + trained.size() + " (its features "
            + "only, in order)") + ", found " + width);
      }
    } else {
      if (columns.named()) {
        throw error(file, line, "columns are chosen by their names, so the file needs a header"
            + " (header: true)");
      }
      if (labelled) {
        label = labelColumn(file, line, width);
      }
      features = new int[width - (label >= 0 ? 1 : 0)];
      for (int c = 0, p = 0; c < width; c++) {
        if (c != label) {
          features[p++] = c;
        }
      }
    }
    Categorical[] categorical = new Categorical[features.length];
    if (!columns.categorical().isEmpty()) {
      for (int p = 0; p < features.length; p++) {
        String name = p < featureNames.size() ? featureNames.get(p) : null;
        categorical[p] = name == null ? null : columns.categorical(name);
      }
    }
    if (labelled && features.length == 0) {
      throw error(file, line, "a row needs at least 2 columns, but this one has " + width
          + " (is the delimiter '" + printable(delimiter) + "'?)");
    }
    return new Plan(label, features, categorical, width);
  }

  private int labelColumn(Path file, int line, int width) {
    int label = labelColumn < 0 ? width - 1 : labelColumn;
    if (width < 2) {
      throw error(file, line, "a row needs at least 2 columns, but this one has " + width
          + " (is the delimiter '" + printable(delimiter) + "'?)");
    }
    if (label >= width) {
      throw error(file, line, "labelColumn " + labelColumn + " is beyond the " + width
          + " columns");
    }
    return label;
  }

  /**
   * The rows of a file: the features as read (a categorical one as the number of its category
   * in order of appearance until {@link #features} renumbers them), the label cells (shared when
   * equal) and the line each came from, and what is needed to encode them.
   */
  private final class Rows {
    private final FloatChunks values = new FloatChunks();
    private final List<String> labels = new ArrayList<>();
    private int[] lines = new int[16];
    private int count;
    private Plan plan;
    private List<String> names;
    private int headerLine;
    /** Per categorical feature position: category → number, in order of appearance. */
    private List<Map<String, Integer>> seen;
    /** The categorical columns with the categories {@link #features} found. */
    private List<Categorical> fittedCategories;

    int count() {
      return count;
    }

    /** The same layout without rows: the next batch of a stream. */
    Rows drop() {
      Rows next = new Rows();
      next.plan = plan;
      next.names = names;
      next.headerLine = headerLine;
      next.seen = seen;
      return next;
    }

    int label() {
      return plan.label();
    }

    List<String> labels() {
      return labels;
    }

    int[] lines() {
      return lines;
    }

    /** The encoded features: categories renumbered in sorted order, one-hot expanded. */
    Matrix features(Path file, DataLimits limits) {
      int raw = plan.features().length;
      List<List<String>> sorted = new ArrayList<>();
      int[][] renumber = new int[raw][];
      int width = 0;
      for (int p = 0; p < raw; p++) {
        Categorical c = plan.categorical()[p];
        if (c == null) {
          sorted.add(null);
          width++;
          continue;
        }
        List<String> order = c.categories();
        if (order.isEmpty()) {
          order = new ArrayList<>(seen.get(p).keySet());
          order.sort(null);
          renumber[p] = new int[order.size()];
          for (int k = 0; k < order.size(); k++) {
            renumber[p][seen.get(p).get(order.get(k))] = k;
          }
        }
        sorted.add(order);
        width += c.encoding().equals("one_hot") ? order.size() : 1;
      }
      if ((long) count * width > limits.maxValues()) {
        throw error(file, 0, "the encoded features of " + count + " samples (" + width
            + " inputs each) would hold more than " + limits.maxValues() + " values; "
            + DataLimits.raise("maxValues", limits.maxValues()));
      }
      float[] in = values.toArray();
      float[] out = new float[count * width];
      for (int i = 0; i < count; i++) {
        int o = i * width;
        for (int p = 0; p < raw; p++) {
          float v = in[i * raw + p];
          Categorical c = plan.categorical()[p];
          if (c == null) {
            out[o++] = v;
            continue;
          }
          int k = renumber[p] == null ? (int) v : renumber[p][(int) v];
          if (c.encoding().equals("ids")) {
            out[o++] = k;
          } else {
            out[o + k] = 1;
            o += sorted.get(p).size();
          }
        }
      }
      fittedCategories = new ArrayList<>();
      for (int p = 0; p < raw; p++) {
        Categorical c = plan.categorical()[p];
        if (c != null) {
          fittedCategories.add(new Categorical(c.column(), c.encoding(), sorted.get(p)));
        }
      }
      return new Matrix(count, width, out);
    }

    /** The reader with this file's layout and categories fixed; after {@link #features}. */
    CsvReader fitted() {
      List<String> featureNames = columns.features();
      if (featureNames.isEmpty() && names != null && columns.named()) {
        featureNames = Arrays.stream(plan.features()).mapToObj(names::get).toList();
      }
      List<Integer> featureColumns = Arrays.stream(plan.features()).boxed().toList();
      return new CsvReader(header, delimiter, plan.label(), classes, oneHot,
          new Columns(columns.label(), featureNames, columns.missing(),
              fittedCategories == null ? columns.categorical() : fittedCategories,
              plan.width(), featureColumns));
    }
  }

  /**
   * Reads the rows after the header, all with as many columns as the first, parsing every
   * feature as it goes so that only the floats stay in memory; bounded by the {@link
   * DataLimits}.
   */
  private Rows rows(Path file, boolean labelled) {
    return rows(file, null, labelled, 0, null);
  }

  /**
   * Reads the rows; with {@code flushRows > 0}, each time that many are held they are handed to
   * {@code flush} and dropped (reading stops when it returns false), and the rows left at the
   * end are returned (possibly none).
   */
  private Rows rows(Path file, java.io.InputStream stream, boolean labelled, int flushRows,
      java.util.function.Predicate<Rows> flush) {
    DataLimits limits = DataLimits.fromSystemProperties();
    Rows rows = new Rows();
    Map<String, String> shared = new HashMap<>();
    long total = 0;
    try (CsvTable table = new CsvTable(file, stream, delimiter, limits.maxLineChars())) {
      if (header) {
        List<String> names = table.next();
        if (names == null) {
          throw error(file, 0, "the file holds no samples");
        }
        rows.names = names;
        rows.headerLine = table.line();
      }
      for (List<String> cells = table.next(); cells != null; cells = table.next()) {
        int line = table.line();
        if (rows.plan == null) {
          rows.plan = plan(file, line, rows.headerLine, rows.names, cells.size(), labelled);
          rows.seen = new ArrayList<>();
          for (Categorical c : rows.plan.categorical()) {
            rows.seen.add(c == null ? null : new LinkedHashMap<>());
          }
        } else if (cells.size() != rows.plan.width()) {
          throw error(file, line, "expected " + rows.plan.width() + " columns like the first "
              + "row, found " + cells.size());
        }
        Plan plan = rows.plan;
        int[] features = plan.features();
        if ((long) (rows.count + 1) * features.length > limits.maxValues()) {
          throw error(file, line, "the file holds more than " + limits.maxValues()
              + " feature values; " + DataLimits.raise("maxValues", limits.maxValues()));
        }
        if (total == 0 && !header) {
          requireNoHeader(file, line, cells, plan, labelled);
        }
        if (hasMissing(file, line, cells, plan, labelled)) {
          continue;
        }
        for (int p = 0; p < features.length; p++) {
          String cell = cells.get(features[p]);
          Categorical c = plan.categorical()[p];
          rows.values.add(c == null ? parse(file, line, features[p], cell)
              : category(file, line, features[p], cell, c, rows.seen.get(p), limits,
                  !labelled));
        }
        if (labelled) {
          rows.labels.add(shared.computeIfAbsent(cells.get(plan.label()), k -> k));
        }
        if (rows.count == rows.lines.length) {
          rows.lines = Arrays.copyOf(rows.lines, rows.count * 2);
        }
        rows.lines[rows.count++] = line;
        total++;
        if (flushRows > 0 && rows.count == flushRows) {
          rows.lines = Arrays.copyOf(rows.lines, rows.count);
          if (!flush.test(rows)) {
            return rows.drop();
          }
          rows = rows.drop();
        }
      }
    }
    if (total == 0) {
      throw error(file, 0, "the file holds no samples");
    }
    rows.lines = Arrays.copyOf(rows.lines, rows.count);
    return rows;
  }

  /**
   * The first row of a file read without a header: when a numeric feature column of it is not a
   * number and none of its cells is one, it is a header, and the error says how to skip it.
   */
  private static void requireNoHeader(Path file, int line, List<String> cells, Plan plan,
      boolean labelled) {
    for (String cell : cells) {
      if (cell.isBlank() || decimal(cell)) {
        return;
      }
    }
    int[] features = plan.features();
    for (int p = 0; p < features.length; p++) {
      if (plan.categorical()[p] == null) {
        throw new ConfigException(file.toString(), line, features[p] + 1, "", "column "
            + (features[p] + 1) + " is not a number: the first line looks like a header; "
            + (labelled ? "set data.header: true" : "pass --header"), null);
      }
    }
  }

  private static boolean blank(char c) {
    return c == ' ' || c == '\t';
  }

  /**
   * Whether a cell is a number as data files write them: spaces or tabs, an optional sign, digits
   * with an optional point, an optional exponent, spaces or tabs; or NaN or Infinity (refused
   * later as not finite). {@link Float#parseFloat} alone would also take {@code 3f}, {@code 3d},
   * hex and NUL or other control characters around the number, which no data file means.
   */
  static boolean decimal(String cell) {
    int i = 0;
    int n = cell.length();
    while (i < n && blank(cell.charAt(i))) {
      i++;
    }
    while (n > i && blank(cell.charAt(n - 1))) {
      n--;
    }
    if (i < n && (cell.charAt(i) == '+' || cell.charAt(i) == '-')) {
      i++;
    }
    String rest = cell.substring(i, n);
    if (rest.equals("NaN") || rest.equals("Infinity")) {
      return true;
    }
    int digits = 0;
    while (i < n && cell.charAt(i) >= '0' && cell.charAt(i) <= '9') {
      i++;
      digits++;
    }
    if (i < n && cell.charAt(i) == '.') {
      i++;
      while (i < n && cell.charAt(i) >= '0' && cell.charAt(i) <= '9') {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (cell.charAt(i) == 'e' || cell.charAt(i) == 'E')) {
      i++;
      if (i < n && (cell.charAt(i) == '+' || cell.charAt(i) == '-')) {
        i++;
      }
      int exponent = 0;
      while (i < n && cell.charAt(i) >= '0' && cell.charAt(i) <= '9') {
        i++;
        exponent++;
      }
      if (exponent == 0) {
        return false;
      }
    }
    return i == n;
  }

  /**
   * Whether a row has a missing value in a column it uses: true to skip it with {@code
   * skip_row}; with {@code error}, the error.
   */
  private boolean hasMissing(Path file, int line, List<String> cells, Plan plan,
      boolean labelled) {
    int missing = -1;
    if (labelled && MISSING_MARKERS.contains(cells.get(plan.label()))) {
      missing = plan.label();
    }
    for (int c : plan.features()) {
      if (missing < 0 && MISSING_MARKERS.contains(cells.get(c))) {
        missing = c;
      }
    }
    if (missing < 0) {
      return false;
    }
    if (labelled && columns.missing().equals("skip_row")) {
      return true;
    }
    String cell = cells.get(missing);
    throw new ConfigException(file.toString(), line, missing + 1, "", "column " + (missing + 1)
        + name(plan, missing) + (cell.isEmpty() ? " is empty" : " is NA") + ", a missing value;"
        + (labelled ? " fill it in, or leave out rows with missing values with data.missing: "
            + "skip_row" : " a sample to predict needs every feature"), null);
  }

  /** " (name)" for a column the configuration named, else "". */
  private String name(Plan plan, int column) {
    if (column == plan.label() && columns.label() != null) {
      return " (" + columns.label() + ")";
    }
    if (columns.features().isEmpty() && columns.categorical().isEmpty()) {
      return "";
    }
    for (int p = 0; p < plan.features().length; p++) {
      if (plan.features()[p] == column) {
        if (plan.categorical()[p] != null) {
          return " (" + plan.categorical()[p].column() + ")";
        }
        return p < columns.features().size() ? " (" + columns.features().get(p) + ")" : "";
      }
    }
    return "";
  }

  /**
   * The category's number: fixed, or in order of appearance while fitting. The known categories
   * come from the training file, which a configuration may name: they are listed for samples to
   * predict (whose file the user names) only.
   */
  private static float category(Path file, int line, int column, String cell, Categorical c,
      Map<String, Integer> seen, DataLimits limits, boolean list) {
    if (!c.categories().isEmpty()) {
      int k = c.categories().indexOf(cell);
      if (k < 0) {
        int n = c.categories().size();
        throw new ConfigException(file.toString(), line, column + 1, "", "column " + (column + 1)
            + " (" + printable(c.column()) + ") holds a category the model was not trained on; it knows "
            + n + (list ? ": " + printable(String.join(", ", c.categories().subList(0,
                Math.min(20, n))))
                + (n > 20 ? ", …" : "") : " (nn4j inspect lists them)"), null);
      }
      return k;
    }
    Integer k = seen.get(cell);
    if (k == null) {
      if (seen.size() >= limits.maxClasses()) {
        throw new ConfigException(file.toString(), line, column + 1, "", "column " + (column + 1)
            + " (" + printable(c.column()) + ") has more than " + limits.maxClasses() + " categories; "
            + DataLimits.raise("maxClasses", limits.maxClasses()), null);
      }
      k = seen.size();
      seen.put(cell, k);
    }
    return k;
  }

  /** Text with its control characters (a newline in a category, say) shown as escapes. */
  private static String printable(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    text.chars().forEach(c -> sb.append(printable((char) c)));
    return sb.toString();
  }

  private static String printable(char c) {
    return Character.isISOControl(c) ? String.format("\\x%02x", (int) c) : String.valueOf(c);
  }

  /** Maps each label text to its class number, within the limit on classes. */
  private Map<String, Integer> classIndex(Path file, Rows rows, DataLimits limits) {
    Map<String, Integer> index = new LinkedHashMap<>();
    if (!classes.isEmpty()) {
      for (int k = 0; k < classes.size(); k++) {
        index.put(classes.get(k), k);
      }
      return index;
    }
    List<String> labels = rows.labels();
    boolean numbers = labels.stream().allMatch(s -> s.matches("\\d+"));
    int column = rows.label() + 1;
    if (numbers) {
      int max = 0;
      for (int i = 0; i < labels.size(); i++) {
        String s = labels.get(i);
        String digits = s.replaceFirst("^0+(?=.)", "");
        if (digits.length() > 10 || Long.parseLong(digits) >= limits.maxClasses()) {
          throw new ConfigException(file.toString(), rows.lines()[i], column, "",
              "the numeric label in column " + column + " would make more classes than the "
              + limits.maxClasses() + " allowed; " + DataLimits.raise("maxClasses",
                  limits.maxClasses()), null);
        }
        max = Math.max(max, Integer.parseInt(digits));
      }
      for (int k = 0; k <= max; k++) {
        index.put(String.valueOf(k), k);
      }
    } else {
      for (int i = 0; i < labels.size(); i++) {
        index.putIfAbsent(labels.get(i), index.size());
        if (index.size() > limits.maxClasses()) {
          throw new ConfigException(file.toString(), rows.lines()[i], column, "",
              "the labels in column " + column + " make more than " + limits.maxClasses()
              + " classes; " + DataLimits.raise("maxClasses", limits.maxClasses()), null);
        }
      }
    }
    return index;
  }

  private static Integer classOf(String label, Map<String, Integer> index) {
    Integer k = index.get(label);
    if (k == null && label.matches("\\d{1,9}")) {
      k = Integer.parseInt(label);
    }
    return k;
  }

  /**
   * Parses a feature or numeric label. The message names the line and column and what kind of
   * value is wrong, never the cell's text: data files may be named by a downloaded config.
   */
  private static float parse(Path file, int line, int column, String cell) {
    if (!decimal(cell)) {
      throw new ConfigException(file.toString(), line, column + 1, "",
          "column " + (column + 1) + (cell.isEmpty() ? " is empty" : " is not a number"), null);
    }
    float value = Float.parseFloat(cell);
    if (!Float.isFinite(value)) {
      throw new ConfigException(file.toString(), line, column + 1, "",
          "column " + (column + 1) + " is not a finite number (NaN or infinite, or beyond the "
          + "float range); remove the row or fill in a value", null);
    }
    return value;
  }

  private static ConfigException error(Path file, int line, String problem) {
    return new ConfigException(file.toString(), line, 0, "", problem, null);
  }
}
