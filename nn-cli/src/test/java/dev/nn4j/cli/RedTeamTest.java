package dev.nn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and mistaken inputs to the nn4j command, each asserting the exit code, that the
 * message names the file, line or entry, that no stack trace, exception class name or raw
 * control character reaches the user, and that no file other than the declared outputs changed.
 * The hostile-size inputs run in a child JVM with a 512 MiB heap, as do those that need a real
 * standard output (a full disk). {@link #CASES} lists them all; each is one parameterised test.
 */
class RedTeamTest {

  /** An iris-like config whose training is short. */
  private static final String CONFIG = """
      name: m
      data: {file: iris.csv, header: true, classes: [setosa, versicolor, virginica]}
      network:
        inputs: 4
        seed: 1
        layers: [{units: 4, activation: tanh}, {units: 3, activation: softmax}]
      loss: categorical_cross_entropy
      training: {epochs: 2, batchSize: 16, seed: 1%s}
      """;
  private static final String GOOD_ROW = "5.1,3.5,1.4,0.2,0\n";
  private static final String HEADER = "150,4,setosa,versicolor,virginica\n";

  /** A model trained once, copied into the cases that need one. */
  private static Path trained;
  /** A checkpoint of {@link #ADAM_CONFIG} after its 2 epochs, for the cases that resume. */
  private static Path checkpoint;

  /** {@link #CONFIG} with Adam, whose checkpoints hold optimizer buffers. */
  static final String ADAM_CONFIG = CONFIG.formatted("")
      + "optimizer: {type: adam, learningRate: 0.01}\n";

  @TempDir
  static Path shared;

  @TempDir
  Path dir;

  /** Prepares the files of a case in its folder and returns the command line. */
  interface Setup {
    List<String> args(Path dir) throws IOException;
  }

  /**
   * One hostile input.
   *
   * @param name what it tries
   * @param setup writes its files, returns its arguments (relative to its folder)
   * @param code the exit code it must end with
   * @param mentions what the messages must name (file, line, column, key, limit)
   * @param outputs the files it may write or change, relative to its folder
   * @param child whether it runs in a child JVM with a 512 MiB heap (hostile sizes, stdout)
   * @param stdout where the child's standard output goes, or null for a pipe
   * @param jvmOptions more options for the child JVM
   */
  record Hostile(String name, Setup setup, int code, List<String> mentions, List<String> outputs,
      boolean child, String stdout, List<String> jvmOptions) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Hostile inProcess(String name, Setup setup, int code, String... mentions) {
    return new Hostile(name, setup, code, List.of(mentions), List.of(), false, null, List.of());
  }

  static Hostile big(String name, Setup setup, int code, String... mentions) {
    return new Hostile(name, setup, code, List.of(mentions), List.of(), true, null, List.of());
  }

  private static Hostile writes(Hostile h, String... outputs) {
    return new Hostile(h.name(), h.setup(), h.code(), h.mentions(), List.of(outputs), h.child(),
        h.stdout(), h.jvmOptions());
  }

  private static Hostile toDevFull(String name, Setup setup) {
    return new Hostile(name, setup, Main.OUTPUT_ERROR, List.of("cannot write the results"),
        List.of(), true, "/dev/full", List.of());
  }

  // ---------------------------------------------------------------- fixtures

  @BeforeAll
  static void trainOnce() throws IOException {
    Files.writeString(shared.resolve("iris.csv"), iris());
    Files.writeString(shared.resolve("cfg.yaml"), CONFIG.formatted(""));
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "train",
        shared.resolve("cfg.yaml").toString(), "--out", shared.resolve("m.nn4j").toString(),
        "--no-chart");
    assertThat(code).as(err.toString()).isZero();
    trained = shared.resolve("m.nn4j");
    Path adam = Files.createDirectory(shared.resolve("adam"));
    Files.writeString(adam.resolve("iris.csv"), iris());
    Files.writeString(adam.resolve("cfg.yaml"), ADAM_CONFIG.replace("seed: 1}",
        "seed: 1, checkpoint: {file: run.ckpt, every: 1}}"));
    code = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "train",
        adam.resolve("cfg.yaml").toString(), "--out", adam.resolve("m.nn4j").toString(),
        "--no-chart");
    assertThat(code).as(err.toString()).isZero();
    checkpoint = adam.resolve("run.ckpt");
  }

  /** The checkpoint of {@link #ADAM_CONFIG} after 2 epochs of 10 batches. */
  static Path checkpoint() {
    return checkpoint;
  }

  /** The iris data set of the examples. */
  static String irisData() throws IOException {
    return iris();
  }

  private static String iris() throws IOException {
    try (var in = RedTeamTest.class.getResourceAsStream("/examples/data/iris.csv")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Writes the iris data and a config (with extra training keys) into a folder. */
  private static Path project(Path dir, String trainingExtra) throws IOException {
    Files.writeString(dir.resolve("iris.csv"), iris());
    return Files.writeString(dir.resolve("cfg.yaml"), CONFIG.formatted(trainingExtra));
  }

  /** A project whose data file holds the given rows after the header. */
  private static Path data(Path dir, String rows) throws IOException {
    Files.writeString(dir.resolve("cfg.yaml"), CONFIG.formatted(""));
    return Files.writeString(dir.resolve("iris.csv"), HEADER + GOOD_ROW + rows + GOOD_ROW);
  }

  private static List<String> train(String... more) {
    List<String> args = new ArrayList<>(List.of("train", "cfg.yaml", "--no-chart", "--out",
        "out.nn4j"));
    args.addAll(List.of(more));
    return args;
  }

  private static Path model(Path dir) throws IOException {
    return Files.copy(trained, dir.resolve("m.nn4j"));
  }

  private static byte[] gzip(long repeats, String unit) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes, 1 << 16)) {
      byte[] chunk = unit.repeat(Math.max(1, (1 << 16) / unit.length()))
          .getBytes(StandardCharsets.US_ASCII);
      long perChunk = chunk.length / unit.length();
      for (long done = 0; done < repeats; done += perChunk) {
        out.write(chunk);
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] idxHeader(int... shape) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x0800 | shape.length);
    for (int d : shape) {
      out.writeInt(d);
    }
    return bytes.toByteArray();
  }

  private static Path idxConfig(Path dir) throws IOException {
    return Files.writeString(dir.resolve("cfg.yaml"), """
        name: m
        data: {format: idx, file: images.idx, labels: labels.idx}
        network: {inputs: 4, layers: [{units: 3, activation: softmax}]}
        loss: categorical_cross_entropy
        training: {epochs: 1}
        """);
  }

  // ---------------------------------------------------------------- the cases

  static final List<Hostile> CASES = List.of(
      // files never lost
      inProcess("--out names the config", d -> {
        project(d, "");
        return List.of("train", "cfg.yaml", "--out", "cfg.yaml");
      }, Main.USER_ERROR, "--out ", "cfg.yaml is the config"),
      inProcess("--out names the training data", d -> {
        project(d, "");
        return List.of("train", "cfg.yaml", "--out", "iris.csv");
      }, Main.USER_ERROR, "is the data (data.file)"),
      inProcess("--out names the data by another path", d -> {
        project(d, "");
        Files.createDirectory(d.resolve("sub"));
        return List.of("train", "cfg.yaml", "--out", "sub/../iris.csv");
      }, Main.USER_ERROR, "is the data (data.file)"),
      inProcess("--out is a link to the config", d -> {
        project(d, "");
        Files.createSymbolicLink(d.resolve("link.nn4j"), Path.of("cfg.yaml"));
        return List.of("train", "cfg.yaml", "--out", "link.nn4j");
      }, Main.USER_ERROR, "is the config"),
      inProcess("the config's checkpoint.file names the data", d -> {
        project(d, ", checkpoint: {file: iris.csv, every: 1}");
        return train();
      }, Main.USER_ERROR, "the checkpoint file", "is the data (data.file)"),
      inProcess("the config's checkpoint.file leaves its folder", d -> {
        Path conf = Files.createDirectory(d.resolve("conf"));
        project(conf, ", checkpoint: {file: ../escape.ckpt, every: 1}");
        return List.of("train", "conf/cfg.yaml", "--out", "out.nn4j");
      }, Main.USER_ERROR, "training.checkpoint.file names a file outside the config's folder",
          "--checkpoint"),
      inProcess("the config's checkpoint.file leaves its folder through a link", d -> {
        Path conf = Files.createDirectory(d.resolve("conf"));
        Path elsewhere = Files.createDirectory(d.resolve("elsewhere"));
        Files.createSymbolicLink(conf.resolve("out"), elsewhere);
        project(conf, ", checkpoint: {file: out/run.ckpt, every: 1}");
        return List.of("train", "conf/cfg.yaml", "--out", "out.nn4j");
      }, Main.USER_ERROR, "training.checkpoint.file names a file outside the config's folder"),
      writes(inProcess("--out is a link to a regular file: written through, link kept", d -> {
        project(d, "");
        Files.writeString(d.resolve("real.nn4j"), "old model");
        Files.createSymbolicLink(d.resolve("out.nn4j"), Path.of("real.nn4j"));
        return train();
      }, 0, "model written to"), "real.nn4j"),
      inProcess("the config's name climbs out of the folder", d -> {
        project(d, "");
        Files.writeString(d.resolve("cfg.yaml"), Files.readString(d.resolve("cfg.yaml"))
            .replace("name: m", "name: ../../../x"));
        return List.of("train", "cfg.yaml", "--no-chart");
      }, Main.USER_ERROR, "cfg.yaml: name must be a plain file name"),
      inProcess("the config's name holds an escape sequence", d -> {
        project(d, "");
        Files.writeString(d.resolve("cfg.yaml"), Files.readString(d.resolve("cfg.yaml"))
            .replace("name: m", "name: \"\\e[31mred\\e]0;title\\a\""));
        return List.of("train", "cfg.yaml", "--no-chart");
      }, Main.USER_ERROR, "name must be a plain file name"),
      inProcess("--out is a folder", d -> {
        project(d, "");
        Files.createDirectory(d.resolve("out.nn4j"));
        return List.of("train", "cfg.yaml", "--out", "out.nn4j");
      }, Main.USER_ERROR, "--out ", "out.nn4j names a folder; give a file name"),
      inProcess("--out is a link to a device", d -> {
        project(d, "");
        Files.createSymbolicLink(d.resolve("out.nn4j"), Path.of("/dev/null"));
        return List.of("train", "cfg.yaml", "--out", "out.nn4j");
      }, Main.USER_ERROR, "out.nn4j: is a symbolic link to something other than a regular file"),
      inProcess("--out is a device", d -> {
        project(d, "");
        return List.of("train", "cfg.yaml", "--out", "/dev/null");
      }, Main.USER_ERROR, "/dev/null: exists and is not a regular file (a device"),
      inProcess("--out is inside a file", d -> {
        project(d, "");
        return List.of("train", "cfg.yaml", "--out", "iris.csv/m.nn4j");
      }, Main.USER_ERROR, "iris.csv is not a folder"),
      inProcess("--out names the checkpoint to resume", d -> {
        project(d, "");
        Files.copy(trained, d.resolve("run.ckpt"));
        return List.of("train", "cfg.yaml", "--resume", "run.ckpt", "--out", "run.ckpt");
      }, Main.USER_ERROR, "is the checkpoint to resume (--resume)"),
      inProcess("the model would be its own chart", d -> {
        project(d, "");
        return List.of("train", "cfg.yaml", "--out", "model.png");
      }, Main.USER_ERROR, "the chart and --out are the same file"),
      inProcess("--checkpoint names the config", d -> {
        project(d, "");
        return train("--checkpoint", "cfg.yaml");
      }, Main.USER_ERROR, "the checkpoint file ", "cfg.yaml is the config"),
      writes(inProcess("the chart's path is a folder: the model is kept", d -> {
        project(d, "");
        Files.createDirectory(d.resolve("out.png"));
        return List.of("train", "cfg.yaml", "--out", "out.nn4j");
      }, 0, "warning: the model is written, but the chart is not", "out.png"), "out.nn4j"),
      inProcess("/dev/zero as the config", d -> List.of("train", "/dev/zero"),
          Main.USER_ERROR, "/dev/zero: the config is not a regular file"),
      // write errors
      toDevFull("predict > /dev/full", d -> {
        model(d);
        Files.writeString(d.resolve("in.csv"), "5.1,3.5,1.4,0.2\n");
        return List.of("predict", "m.nn4j", "in.csv");
      }),
      toDevFull("inspect --weights > /dev/full", d -> {
        model(d);
        return List.of("inspect", "--weights", "m.nn4j");
      }),
      // terminal safety and what is echoed
      inProcess("an escape sequence in a data cell", d -> {
        data(d, "5.0,\u001b[2J\u001b]0;owned\u0007,1.4,0.2,0\n");
        return train();
      }, Main.USER_ERROR, "iris.csv:3:2: column 2 is not a number"),
      inProcess("an escape sequence in a config key", d -> {
        project(d, "");
        Files.writeString(d.resolve("cfg.yaml"), Files.readString(d.resolve("cfg.yaml"))
            + "\"\\e[2Jkey\": 1\n");
        return train();
      }, Main.USER_ERROR, "cfg.yaml"),
      inProcess("an escape sequence in a predict cell", d -> {
        model(d);
        Files.writeString(d.resolve("in.csv"), "5.1,3.5,\u001b[31m,0.2\n");
        return List.of("predict", "m.nn4j", "in.csv");
      }, Main.USER_ERROR, "in.csv:1:3: column 3 is not a number"),
      writes(inProcess("escape sequences in class names are shown escaped", d -> {
        project(d, ", testSplit: 0.2");
        Files.writeString(d.resolve("cfg.yaml"), Files.readString(d.resolve("cfg.yaml"))
            .replace("classes: [setosa,", "classes: [\"\\e[2Jsetosa\","));
        return train();
      }, 0, "\\x1b[2Jsetosa"), "out.nn4j"),
      inProcess("a config's data file holding secrets is not echoed", d -> {
        Files.writeString(d.resolve("cfg.yaml"), CONFIG.formatted("")
            .replace("iris.csv", "secret.csv"));
        Files.writeString(d.resolve("secret.csv"), "h\n1,2,3,4,0\nroot,SECRET-TOKEN-42,x,y,z\n");
        return train();
      }, Main.USER_ERROR, "secret.csv:3:1: column 1 is not a number"),
      inProcess("a config's data file with a secret label is not echoed", d -> {
        Files.writeString(d.resolve("cfg.yaml"), CONFIG.formatted("")
            .replace("iris.csv", "secret.csv"));
        Files.writeString(d.resolve("secret.csv"), "h\n1,2,3,4,0\n1,2,3,4,SECRET-TOKEN-42\n");
        return train();
      }, Main.USER_ERROR, "secret.csv:3:5: the label in column 5 is not one of the classes"),
      // data bounds
      inProcess("a numeric label of 99999999999", d -> {
        Files.writeString(d.resolve("cfg.yaml"), CONFIG.formatted("").replace(
            ", classes: [setosa, versicolor, virginica]", ""));
        Files.writeString(d.resolve("iris.csv"), HEADER + GOOD_ROW + "5,3,1,0.2,99999999999\n");
        return train();
      }, Main.USER_ERROR, "iris.csv:3:5: the numeric label", "nn4j.data.maxClasses"),
      big("a label of 50,000,000 in a 3-row CSV", d -> {
        Files.writeString(d.resolve("cfg.yaml"), CONFIG.formatted("").replace(
            ", classes: [setosa, versicolor, virginica]", ""));
        Files.writeString(d.resolve("iris.csv"), HEADER + GOOD_ROW + "5,3,1,0.2,50000000\n"
            + GOOD_ROW);
        return train();
      }, Main.USER_ERROR, "iris.csv:3:5:", "more classes than the 65536 allowed",
          "-Dnn4j.data.maxClasses=N"),
      big("a label of 2147483647", d -> {
        Files.writeString(d.resolve("cfg.yaml"), CONFIG.formatted("").replace(
            ", classes: [setosa, versicolor, virginica]", ""));
        Files.writeString(d.resolve("iris.csv"), HEADER + "5,3,1,0.2,2147483647\n" + GOOD_ROW);
        return train();
      }, Main.USER_ERROR, "iris.csv:2:5:", "nn4j.data.maxClasses"),
      big("IDX images whose header lies about their size", d -> {
        idxConfig(d);
        Files.write(d.resolve("images.idx"), idxHeader(60000, 2, 2));
        Files.write(d.resolve("labels.idx"), idxHeader(60000));
        return train();
      }, Main.USER_ERROR, "images.idx: the header declares 60000×2×2 = 240000 values, but the "
          + "file holds only 16 bytes"),
      big("IDX sizes that overflow an int", d -> {
        idxConfig(d);
        Files.write(d.resolve("images.idx"), idxHeader(65536, 65536, 65536));
        Files.write(d.resolve("labels.idx"), idxHeader(65536));
        return train();
      }, Main.USER_ERROR, "images.idx: the header declares 65536×65536×65536",
          "nn4j.data.maxValues"),
      big("IDX: n × classes beyond the limit (gzip, so sizes cannot be checked)", d -> {
        idxConfig(d);
        int n = 1 << 19;
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(images)) {
          out.write(idxHeader(n, 2, 2));
          out.write(new byte[n * 4]);
        }
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(labels)) {
          out.write(idxHeader(n));
          byte[] l = new byte[n];
          java.util.Arrays.fill(l, (byte) 255);
          out.write(l);
        }
        Files.write(d.resolve("images.idx"), images.toByteArray());
        Files.write(d.resolve("labels.idx"), labels.toByteArray());
        return train();
      }, Main.USER_ERROR, "labels.idx: the one-hot targets of 524288 images and 256 classes",
          "nn4j.data.maxValues"),
      big("a gzip bomb as data", d -> {
        Files.writeString(d.resolve("cfg.yaml"), CONFIG.formatted("").replace(
            "inputs: 4", "inputs: 32"));
        Files.write(d.resolve("iris.csv"), gzip(3_000_000, "0,".repeat(32) + "0\n"));
        return train();
      }, Main.USER_ERROR, "iris.csv:", "more than 67108864 feature values",
          "nn4j.data.maxValues"),
      big("a 200 MB line", d -> {
        project(d, "");
        Files.write(d.resolve("iris.csv"), gzip(100_000_000, "1,"));
        return train();
      }, Main.USER_ERROR, "iris.csv:1: the line is longer than 1048576 characters",
          "nn4j.data.maxLineChars"),
      big("/dev/zero as predict input", d -> {
        model(d);
        return List.of("predict", "m.nn4j", "/dev/zero");
      }, Main.USER_ERROR, "/dev/zero:1: the line is longer than"),
      inProcess("NaN in the training data", d -> {
        data(d, "5.0,NaN,1.4,0.2,0\n");
        return train();
      }, Main.USER_ERROR, "iris.csv:3:2: column 2 is not a finite number"),
      inProcess("Infinity in the training data", d -> {
        data(d, "5.0,3.1,-Infinity,0.2,0\n");
        return train();
      }, Main.USER_ERROR, "iris.csv:3:3: column 3 is not a finite number"),
      inProcess("a value beyond the float range", d -> {
        data(d, "5.0,3.1,1e39,0.2,0\n");
        return train();
      }, Main.USER_ERROR, "iris.csv:3:3: column 3 is not a finite number"),
      inProcess("Infinity in a predict row", d -> {
        model(d);
        Files.writeString(d.resolve("in.csv"), "5.1,3.5,1.4,0.2\n5.1,Infinity,1.4,0.2\n");
        return List.of("predict", "m.nn4j", "in.csv");
      }, Main.USER_ERROR, "in.csv:2:2: column 2 is not a finite number"),
      inProcess("NaN in a predict row", d -> {
        model(d);
        Files.writeString(d.resolve("in.csv"), "NaN,3.5,1.4,0.2\n");
        return List.of("predict", "m.nn4j", "in.csv");
      }, Main.USER_ERROR, "in.csv:1:1: column 1 is not a finite number"),
      inProcess("an empty cell", d -> {
        data(d, "5.0,,1.4,0.2,0\n");
        return train();
      }, Main.USER_ERROR, "iris.csv:3:2: column 2 is empty"),
      inProcess("a ragged row", d -> {
        data(d, "5.0,1.4,0.2,0\n");
        return train();
      }, Main.USER_ERROR, "iris.csv:3: expected 5 columns like the first row, found 4"),
      inProcess("a data file without samples", d -> {
        data(d, "");
        Files.writeString(d.resolve("iris.csv"), HEADER + "\n\n");
        return train();
      }, Main.USER_ERROR, "iris.csv: the file holds no samples"),
      big("a malformed data limit property", d -> {
        project(d, "");
        return train();
      }, Main.USER_ERROR, "nn4j.data.maxClasses must be a whole number"),
      big("a malformed config limit property", d -> {
        project(d, "");
        return train();
      }, Main.USER_ERROR, "nn4j.config.maxDepth must be a whole number"),
      big("a config limit of 0", d -> {
        project(d, "");
        return train();
      }, Main.USER_ERROR, "nn4j.config.maxDepth must be a whole number from 1"),
      inProcess("IDX images that are not IDX", d -> {
        idxConfig(d);
        Files.writeString(d.resolve("images.idx"), "hello, world");
        Files.write(d.resolve("labels.idx"), idxHeader(1));
        return train();
      }, Main.USER_ERROR, "images.idx: not an IDX file of unsigned bytes"),
      inProcess("IDX labels that do not match the images", d -> {
        idxConfig(d);
        byte[] header = idxHeader(2, 2, 2);
        byte[] images = java.util.Arrays.copyOf(header, header.length + 8);
        Files.write(d.resolve("images.idx"), images);
        byte[] labels = idxHeader(3);
        Files.write(d.resolve("labels.idx"), java.util.Arrays.copyOf(labels, labels.length + 3));
        return train();
      }, Main.USER_ERROR, "labels.idx: expected 2 labels for the 2 images"),
      inProcess("predict rows of the wrong width", d -> {
        model(d);
        Files.writeString(d.resolve("in.csv"), "5.1,3.5,1.4\n");
        return List.of("predict", "m.nn4j", "in.csv");
      }, Main.USER_ERROR, "in.csv"));

  /** The cases that run with a system property set in their child JVM. */
  private static final Map<String, String> PROPERTIES = Map.of(
      "a malformed data limit property", "-Dnn4j.data.maxClasses=abc",
      "a malformed config limit property", "-Dnn4j.config.maxDepth=abc",
      "a config limit of 0", "-Dnn4j.config.maxDepth=0");

  static Stream<Hostile> cases() {
    return Stream.concat(CASES.stream(), HostileFiles.CASES.stream())
        .map(h -> PROPERTIES.containsKey(h.name())
        ? new Hostile(h.name(), h.setup(), h.code(), h.mentions(), h.outputs(), true, null,
            List.of(PROPERTIES.get(h.name())))
        : h);
  }

  // ---------------------------------------------------------------- the test

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aHostileInputIsAClearErrorAndLosesNoFile(Hostile h) throws Exception {
    List<String> args = h.setup().args(dir);
    Map<String, String> before = snapshot(dir);
    String out;
    String err;
    int code;
    if (h.child()) {
      List<String> options = new ArrayList<>(List.of("-Xmx512m"));
      options.addAll(h.jvmOptions());
      ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(options,
          args.toArray(String[]::new))).directory(dir.toFile());
      Path errFile = Files.createTempFile("redteam", ".err");
      Path outFile = Files.createTempFile("redteam", ".out");
      builder.redirectError(errFile.toFile());
      builder.redirectOutput(h.stdout() != null ? new java.io.File(h.stdout())
          : outFile.toFile());
      Process p = builder.start();
      assertThat(p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
      code = p.exitValue();
      out = Files.readString(outFile);
      err = Files.readString(errFile);
      Files.delete(errFile);
      Files.delete(outFile);
    } else {
      StringWriter o = new StringWriter();
      StringWriter e = new StringWriter();
      List<String> absolute = args.stream().map(a -> !a.startsWith("-") && !a.startsWith("/")
          && (a.contains(".") || a.contains("/")) ? dir.resolve(a).toString() : a).toList();
      code = Main.execute(new PrintWriter(o), new PrintWriter(e), absolute.toArray(String[]::new));
      out = o.toString();
      err = e.toString();
    }
    String all = out + "\n" + err;
    assertThat(code).as(all).isEqualTo(h.code());
    assertThat(out).as("a refused --resume is refused before the 'training' line")
        .doesNotContain("(resuming at epoch");
    for (String mention : h.mentions()) {
      assertThat(all).as("the message names what is wrong").contains(mention);
    }
    assertThat(all).as("no stack trace or exception class reaches the user")
        .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at dev.")
        .doesNotContain("internal error").doesNotContain("Error:");
    assertThat(all).as("no raw control character reaches the terminal")
        .doesNotContain("\u001b").doesNotContain("\u0007");
    assertThat(all).as("file contents named by a config are not echoed")
        .doesNotContain("SECRET-TOKEN");
    Map<String, String> after = snapshot(dir);
    for (String output : h.outputs()) {
      before.remove(output);
      after.remove(output);
    }
    assertThat(after).as("no file other than the declared outputs changed").isEqualTo(before);
  }

  /** Every entry under a folder: a hash of each file, the target of each link, folders. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String key = root.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          entries.put(key, "link to " + Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          entries.put(key, "folder");
        } else {
          entries.put(key, sha256(p));
        }
      }
    }
    return entries;
  }

  private static String sha256(Path file) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      try (var in = Files.newInputStream(file)) {
        byte[] buffer = new byte[1 << 16];
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
          md.update(buffer, 0, n);
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
