package dev.nn4j.cli;

import static dev.nn4j.cli.RedTeamTest.big;
import static dev.nn4j.cli.RedTeamTest.inProcess;

import dev.nn4j.cli.RedTeamTest.Hostile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * More hostile inputs for {@link RedTeamTest}, which runs them: checkpoints resumed against the
 * wrong configuration or with damaged trainer state, model files with extra, oversized or too
 * many entries, broken plugins and plugin jars, and mistaken configurations and data.
 */
final class HostileFiles {

  private HostileFiles() {}

  // ---------------------------------------------------------------- fixtures

  /** The Adam project, its config changed, and the arguments that resume c.ckpt. */
  private static List<String> resume(Path dir, UnaryOperator<String> config) throws IOException {
    Files.writeString(dir.resolve("iris.csv"), RedTeamTest.irisData());
    Files.writeString(dir.resolve("cfg.yaml"), config.apply(RedTeamTest.ADAM_CONFIG));
    if (!Files.exists(dir.resolve("c.ckpt"))) {
      Files.copy(RedTeamTest.checkpoint(), dir.resolve("c.ckpt"));
    }
    return List.of("train", "cfg.yaml", "--no-chart", "--out", "out.nn4j", "--resume",
        "c.ckpt");
  }

  /** Resumes a checkpoint whose trainer.json the function changes. */
  private static List<String> resumeTrainer(Path dir, UnaryOperator<String> trainer)
      throws IOException {
    tamper(RedTeamTest.checkpoint(), dir.resolve("c.ckpt"), "trainer.json",
        bytes -> trainer.apply(new String(bytes, StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8), Map.of());
    return resume(dir, c -> c);
  }

  /** Sets a trainer.json field ({@code "epoch" : 2}) to a JSON value. */
  private static UnaryOperator<String> field(String key, String value) {
    return json -> {
      String changed = json.replaceFirst("\"" + key + "\" : [^,\\n]+", "\"" + key + "\" : "
          + value);
      if (changed.equals(json)) {
        throw new IllegalStateException("no " + key + " in " + json);
      }
      return changed;
    };
  }

  /**
   * Copies a zip, changing one entry (dropping it if the function returns null) and adding
   * others.
   */
  static Path tamper(Path from, Path to, String entry, UnaryOperator<byte[]> change,
      Map<String, byte[]> extra) throws IOException {
    try (ZipFile in = new ZipFile(from.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
      for (ZipEntry e : java.util.Collections.list(in.entries())) {
        byte[] bytes = in.getInputStream(e).readAllBytes();
        if (e.getName().equals(entry)) {
          bytes = change.apply(bytes);
        }
        if (bytes != null) {
          out.putNextEntry(new ZipEntry(e.getName()));
          out.write(bytes);
          out.closeEntry();
        }
      }
      for (Map.Entry<String, byte[]> e : extra.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    return to;
  }

  /**
   * Rewrites the uncompressed size the zip's central directory declares for one entry (the
   * directory is what readers trust; the data stays as it is).
   */
  private static Path declaring(Path zip, String entry, long size) throws IOException {
    byte[] bytes = Files.readAllBytes(zip);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    byte[] name = entry.getBytes(StandardCharsets.UTF_8);
    for (int at = 0; at + 46 + name.length <= bytes.length; at++) {
      if (b.getInt(at) == 0x02014b50 && b.getShort(at + 28) == name.length
          && Arrays.equals(bytes, at + 46, at + 46 + name.length, name, 0, name.length)) {
        b.putInt(at + 24, (int) size);
        Files.write(zip, bytes);
        return zip;
      }
    }
    throw new IllegalStateException("no central directory entry " + entry + " in " + zip);
  }

  /** The trained model with its manifest, network or extra entries changed. */
  private static List<String> inspectTampered(Path dir, String entry, UnaryOperator<byte[]> change,
      Map<String, byte[]> extra) throws IOException {
    tamper(RedTeamTest.checkpoint().resolveSibling("m.nn4j"), dir.resolve("bad.nn4j"), entry,
        change, extra);
    return List.of("inspect", "bad.nn4j");
  }

  /** A jar holding only a services file that lists one loss provider. */
  private static Path servicesJar(Path dir, String name, Class<?> provider) throws IOException {
    Path jar = dir.resolve(name);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("META-INF/services/dev.nn4j.api.spi.LossProvider"));
      out.write((provider.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }

  private static List<String> plugins(Path dir, Class<?> provider) throws IOException {
    servicesJar(dir, "broken.jar", provider);
    return List.of("--plugin-path", "broken.jar", "plugins");
  }

  /** The iris project with its config changed. */
  private static List<String> config(Path dir, UnaryOperator<String> change) throws IOException {
    Files.writeString(dir.resolve("iris.csv"), RedTeamTest.irisData());
    Files.writeString(dir.resolve("cfg.yaml"), change.apply(RedTeamTest.ADAM_CONFIG));
    return List.of("train", "cfg.yaml", "--no-chart", "--out", "out.nn4j");
  }

  /** A model file whose one entry inflates from a few kilobytes to the given size. */
  private static List<String> inflating(Path dir, long bytes) throws IOException {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(
        dir.resolve("bomb.nn4j")))) {
      out.setLevel(Deflater.BEST_COMPRESSION);
      out.putNextEntry(new ZipEntry("manifest.json"));
      out.write("{}".getBytes(StandardCharsets.US_ASCII));
      out.putNextEntry(new ZipEntry("layers/0/weights.f32"));
      byte[] zeros = new byte[1 << 20];
      for (long done = 0; done < bytes; done += zeros.length) {
        out.write(zeros);
      }
      out.closeEntry();
    }
    return List.of("inspect", "bomb.nn4j");
  }

  /** A jar holding the given entries. */
  private static Path jar(Path jar, Map<String, byte[]> entries) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(entries).entrySet()) {
        out.putNextEntry(new JarEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    return jar;
  }

  /** A harmless plugin jar: a zip of one text entry, which the class loader accepts. */
  private static Path harmlessJar(Path file) throws IOException {
    return jar(file, Map.of("README.txt", "a plugin\n".getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A jar listing two loss providers whose common superclass is left out of it, so that the JVM
   * can link neither.
   */
  private static Path missingSuperclassJar(Path dir, String name) throws IOException {
    Path build = Files.createDirectories(dir.resolve("build"));
    List<String> sources = new ArrayList<>();
    for (String[] c : new String[][] {{"Base", "public abstract class Base {}"},
        {"First", "public final class First extends Base {}"},
        {"Second", "public final class Second extends Base {}"}}) {
      sources.add(Files.writeString(build.resolve(c[0] + ".java"), "package g3;\n" + c[1] + "\n")
          .toString());
    }
    List<String> args = new ArrayList<>(List.of("-d", build.toString()));
    args.addAll(sources);
    if (javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null,
        args.toArray(String[]::new)) != 0) {
      throw new IllegalStateException("javac failed");
    }
    return jar(dir.resolve(name), Map.of(
        "META-INF/services/dev.nn4j.api.spi.LossProvider",
        "g3.First\ng3.Second\n".getBytes(StandardCharsets.UTF_8),
        "g3/First.class", Files.readAllBytes(build.resolve("g3/First.class")),
        "g3/Second.class", Files.readAllBytes(build.resolve("g3/Second.class"))));
  }

  /**
   * A jar listing one loss provider whose class file says it needs Java 21 (class file version
   * 65): a trivial class compiled now, its major version patched.
   */
  private static Path newerJavaJar(Path dir, String name) throws IOException {
    Path build = Files.createDirectories(dir.resolve("build"));
    Path source = Files.writeString(build.resolve("NewerJava.java"),
        "package g1;\npublic final class NewerJava {}\n");
    int rc = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d",
        build.toString(), source.toString());
    if (rc != 0) {
      throw new IllegalStateException("javac failed: " + rc);
    }
    byte[] bytes = Files.readAllBytes(build.resolve("g1/NewerJava.class"));
    bytes[6] = 0;
    bytes[7] = 65;
    return jar(dir.resolve(name), Map.of(
        "META-INF/services/dev.nn4j.api.spi.LossProvider",
        "g1.NewerJava\n".getBytes(StandardCharsets.UTF_8),
        "g1/NewerJava.class", bytes));
  }

  /**
   * A regular file outside the case's folder (in the test class's shared temporary folder, which
   * JUnit deletes), to be the target of a planted link.
   */
  private static Path victim(String name) throws IOException {
    Path folder = Files.createTempDirectory(RedTeamTest.checkpoint().getParent().getParent(),
        "victim");
    return Files.writeString(folder.resolve(name), "victim\n");
  }

  /** The Adam model with its manifest's text changed, and the arguments that predict with it. */
  private static List<String> predictTampered(Path dir, UnaryOperator<String> manifest)
      throws IOException {
    tamper(RedTeamTest.checkpoint().resolveSibling("m.nn4j"), dir.resolve("bad.nn4j"),
        "manifest.json", bytes -> {
          String json = new String(bytes, StandardCharsets.UTF_8);
          String changed = manifest.apply(json);
          if (changed.equals(json)) {
            throw new IllegalStateException("the change does not apply to " + json);
          }
          return changed.getBytes(StandardCharsets.UTF_8);
        }, Map.of());
    Files.writeString(dir.resolve("rows.csv"), "5.1,3.5,1.4,0.2\n");
    return List.of("predict", "bad.nn4j", "rows.csv");
  }

  /** Trains a config of the folder in this JVM, as a fixture. */
  private static void trainQuietly(Path dir, String config, String out) {
    java.io.StringWriter err = new java.io.StringWriter();
    int code = Main.execute(new java.io.PrintWriter(new java.io.StringWriter()),
        new java.io.PrintWriter(err), "train", dir.resolve(config).toString(), "--no-chart",
        "--out", dir.resolve(out).toString());
    if (code != 0) {
      throw new IllegalStateException("the fixture does not train: " + err);
    }
  }

  /**
   * A named pipe outside the case's folder (whose snapshot would block on it) that a daemon
   * thread fills with the text once a reader opens it; deleted when the JVM exits.
   */
  private static Path fifo(String text) throws IOException {
    Path folder = Files.createTempDirectory("nn4j-fifo");
    Path fifo = folder.resolve("rows.csv");
    folder.toFile().deleteOnExit();
    fifo.toFile().deleteOnExit();
    try {
      Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
      if (mkfifo.waitFor() != 0) {
        throw new IOException("mkfifo failed for " + fifo);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    if (!text.isEmpty()) {
      Thread writer = new Thread(() -> {
        try {
          Files.writeString(fifo, text);
        } catch (IOException e) {
          // the reader gave up; the test fails on what it printed
        }
      }, "fifo-writer");
      writer.setDaemon(true);
      writer.start();
    }
    return fifo;
  }

  // ---------------------------------------------------------------- the cases

  static final List<Hostile> CASES = cases();

  private static List<Hostile> cases() {
    List<Hostile> cases = new ArrayList<>();
    // --resume: trainer fields
    cases.add(inProcess("resume: a negative epoch", d -> resumeTrainer(d,
        field("epoch", "-3")), Main.USER_ERROR,
        "c.ckpt: trainer.json: 'epoch' must be a whole number from 0"));
    cases.add(inProcess("resume: an epoch past the end", d -> resumeTrainer(d,
        field("epoch", "99")), Main.USER_ERROR,
        "c.ckpt: trainer.json: 'epoch' is 99, outside this run of epochs 1 to 2 "
            + "(training.epochs)"));
    cases.add(inProcess("resume: an epoch beyond an int", d -> resumeTrainer(d,
        field("epoch", "99999999999")), Main.USER_ERROR,
        "c.ckpt: trainer.json: 'epoch' must be a whole number from 0 to 2147483647, but is "
            + "99999999999"));
    cases.add(inProcess("resume: a negative batch", d -> resumeTrainer(d,
        field("batch", "-1")), Main.USER_ERROR, "c.ckpt: trainer.json: 'batch' must be"));
    cases.add(inProcess("resume: a batch past the end of the epoch", d -> resumeTrainer(d,
        json -> field("step", "510").apply(field("batch", "500").apply(json))),
        Main.USER_ERROR, "c.ckpt: trainer.json: 'batch' is 500, past the end of an epoch of "
            + "10 batches"));
    cases.add(inProcess("resume: a negative step", d -> resumeTrainer(d,
        field("step", "-5")), Main.USER_ERROR, "c.ckpt: trainer.json: 'step' must be"));
    cases.add(inProcess("resume: a null step", d -> resumeTrainer(d,
        field("step", "null")), Main.USER_ERROR, "'step' must be", "but is null or missing"));
    cases.add(inProcess("resume: a step that does not add up", d -> resumeTrainer(d,
        field("step", "19")), Main.USER_ERROR, "c.ckpt: trainer.json: 'step' is 19",
        "comes after 20 steps"));
    cases.add(inProcess("resume: a fractional optimizer step", d -> resumeTrainer(d,
        field("optimizerStep", "1e300")), Main.USER_ERROR,
        "c.ckpt: trainer.json: 'optimizerStep' must be a whole number"));
    cases.add(inProcess("resume: trainer.json holding null", d -> resumeTrainer(d,
        json -> "null"), Main.USER_ERROR,
        "c.ckpt: trainer.json must hold a JSON object ({...}) but holds null"));
    cases.add(inProcess("resume: buffers that are not a list", d -> resumeTrainer(d,
        json -> json.replaceFirst("(?s)\"buffers\" : \\[.*]", "\"buffers\" : 7")),
        Main.USER_ERROR, "c.ckpt: trainer.json: 'buffers' must be a list"));
    // --resume: optimizer state
    cases.add(inProcess("resume: an optimizer buffer renamed to another layer", d ->
        resumeTrainer(d, json -> json.replaceFirst("layers\\[0]\\.weights/m",
            "layers[7].weights/m")), Main.USER_ERROR,
        "c.ckpt: trainer.json: the optimizer buffer 'layers[7].weights/m' (optimizer/0.f32) "
            + "belongs to no parameter of the network"));
    cases.add(inProcess("resume: an optimizer buffer renamed to another slot", d ->
        resumeTrainer(d, json -> json.replaceFirst("layers\\[0]\\.weights/m",
            "layers[0].weights/q")), Main.USER_ERROR,
        "c.ckpt: trainer.json: the optimizer buffers of the parameter layers[0].weights are "
            + "[q, v] but those of layers[0].biases are [m, v]"));
    cases.add(inProcess("resume: an optimizer buffer listed twice", d ->
        resumeTrainer(d, json -> json.replaceFirst("layers\\[0]\\.weights/v",
            "layers[0].weights/m")), Main.USER_ERROR,
        "c.ckpt: trainer.json: the buffer 'layers[0].weights/m' is listed twice"));
    cases.add(inProcess("resume: an optimizer state of the wrong length", d -> {
      tamper(RedTeamTest.checkpoint(), d.resolve("c.ckpt"), "optimizer/0.f32",
          bytes -> Arrays.copyOf(bytes, 8), Map.of());
      return resume(d, c -> c);
    }, Main.USER_ERROR, "c.ckpt: 'optimizer/0.f32' holds 2 floats (8 bytes) but the buffer "
        + "'layers[0].weights/m' needs 16"));
    cases.add(inProcess("resume: an optimizer state entry missing", d -> {
      tamper(RedTeamTest.checkpoint(), d.resolve("c.ckpt"), "optimizer/3.f32", bytes -> null,
          Map.of());
      return resume(d, c -> c);
    }, Main.USER_ERROR, "c.ckpt: the entry 'optimizer/3.f32' is missing"));
    cases.add(inProcess("resume: an optimizer state entry trainer.json does not list", d -> {
      tamper(RedTeamTest.checkpoint(), d.resolve("c.ckpt"), "", bytes -> bytes,
          Map.of("optimizer/99.f32", new byte[16]));
      return resume(d, c -> c);
    }, Main.USER_ERROR, "c.ckpt: entry 'optimizer/99.f32' is not part of this checkpoint"));
    // --resume: another configuration
    cases.add(inProcess("resume: Adam's checkpoint with SGD", d -> resume(d,
        c -> c.replace("type: adam", "type: sgd")), Main.USER_ERROR,
        "c.ckpt: the checkpoint does not continue this configuration: optimizer is "
            + "{\"type\":\"adam\"", "in the checkpoint (config.yaml) but {\"type\":\"sgd\"",
        "Resume with the configuration it was saved from"));
    cases.add(inProcess("resume: another learning rate", d -> resume(d,
        c -> c.replace("learningRate: 0.01", "learningRate: 0.5")), Main.USER_ERROR,
        "c.ckpt: the checkpoint does not continue this configuration: optimizer is",
        "\"learningRate\":0.5"));
    cases.add(inProcess("resume: another batch size", d -> resume(d,
        c -> c.replace("batchSize: 16", "batchSize: 32")), Main.USER_ERROR,
        "c.ckpt: the checkpoint does not continue this configuration: training.batchSize is "
            + "16 in the checkpoint (config.yaml) but 32 in the configuration"));
    cases.add(inProcess("resume: another seed", d -> resume(d,
        c -> c.replace("seed: 1}", "seed: 2}")), Main.USER_ERROR,
        "training.seed is 1 in the checkpoint (config.yaml) but 2 in the configuration"));
    cases.add(inProcess("resume: another loss and validation split", d -> resume(d,
        c -> c.replace("loss: categorical_cross_entropy", "loss: squared_error")
            .replace("seed: 1}", "seed: 1, validationSplit: 0.2}")), Main.USER_ERROR,
        "loss is {\"type\":\"categorical_cross_entropy\"}",
        "training.validationSplit is 0.0 in the checkpoint (config.yaml) but 0.2"));
    cases.add(inProcess("resume: another network", d -> resume(d,
        c -> c.replace("units: 4, activation: tanh", "units: 5, activation: tanh")),
        Main.USER_ERROR, "c.ckpt: the checkpoint's network", "does not match the "
            + "configuration's"));
    cases.add(inProcess("resume: fewer epochs than the checkpoint has done", d -> resume(d,
        c -> c.replace("epochs: 2", "epochs: 1")), Main.USER_ERROR,
        "c.ckpt: trainer.json: 'epoch' is 2, outside this run of epochs 1 to 1"));
    cases.add(inProcess("resume: a model file, not a checkpoint", d -> {
      Files.copy(RedTeamTest.checkpoint().resolveSibling("m.nn4j"), d.resolve("c.ckpt"));
      return resume(d, c -> c);
    }, Main.USER_ERROR, "c.ckpt: the entry 'trainer.json' is missing"));
    // model files and checkpoints
    cases.add(inProcess("a manifest.json holding null", d -> inspectTampered(d,
        "manifest.json", bytes -> "null".getBytes(StandardCharsets.UTF_8), Map.of()),
        Main.USER_ERROR, "bad.nn4j: manifest.json must hold a JSON object ({...}) but holds "
            + "null"));
    cases.add(inProcess("a manifest.json holding a list", d -> inspectTampered(d,
        "manifest.json", bytes -> "[1, 2]".getBytes(StandardCharsets.UTF_8), Map.of()),
        Main.USER_ERROR, "bad.nn4j: manifest.json must hold a JSON object"));
    cases.add(inProcess("a model with an entry no model file has", d -> inspectTampered(d, "",
        bytes -> bytes, Map.of("payload.bin", new byte[] {1, 2, 3})), Main.USER_ERROR,
        "bad.nn4j: entry 'payload.bin' is not part of a model file", "refusing it unread"));
    cases.add(inProcess("a model with a parameter its network lacks", d -> inspectTampered(d,
        "", bytes -> bytes, Map.of("layers/9/weights.f32", new byte[16])), Main.USER_ERROR,
        "bad.nn4j: entry 'layers/9/weights.f32' is not part of this model"));
    cases.add(inProcess("a model whose weights have the wrong length", d -> inspectTampered(d,
        "layers/1/weights.f32", bytes -> Arrays.copyOf(bytes, bytes.length + 4), Map.of()),
        Main.USER_ERROR, "bad.nn4j: 'layers/1/weights.f32' holds 13 floats (52 bytes) but the "
            + "network needs 12"));
    cases.add(big("a model entry inflating to 512 MiB", d -> inflating(d, 512L << 20),
        Main.USER_ERROR, "bomb.nn4j: suspicious compression ratio", "refusing a likely zip "
            + "bomb unread"));
    cases.add(inProcess("a model whose zip directory declares fewer bytes than an entry holds",
        d -> {
          declaring(tamper(RedTeamTest.checkpoint().resolveSibling("m.nn4j"),
              d.resolve("bad.nn4j"), "", bytes -> bytes, Map.of()), "manifest.json", 10);
          return List.of("inspect", "bad.nn4j");
        }, Main.USER_ERROR, "bad.nn4j: entry 'manifest.json' holds more than the 10 bytes it "
            + "declares: the file is corrupted"));
    cases.add(inProcess("a model whose zip directory declares more bytes than an entry holds",
        d -> {
          declaring(tamper(RedTeamTest.checkpoint().resolveSibling("m.nn4j"),
              d.resolve("bad.nn4j"), "", bytes -> bytes, Map.of()), "manifest.json", 60_000);
          return List.of("inspect", "bad.nn4j");
        }, Main.USER_ERROR, "bad.nn4j: entry 'manifest.json' holds ", " bytes, fewer than the "
            + "60000 it declares: the file is corrupted or truncated"));
    cases.add(big("a 512 MiB zip bomb whose directory declares 100 bytes", d -> {
      try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(
          d.resolve("bomb.nn4j")))) {
        out.setLevel(Deflater.BEST_COMPRESSION);
        out.putNextEntry(new ZipEntry("manifest.json"));
        byte[] spaces = new byte[1 << 20];
        Arrays.fill(spaces, (byte) ' ');
        for (int i = 0; i < 512; i++) {
          out.write(spaces);
        }
        out.closeEntry();
      }
      declaring(d.resolve("bomb.nn4j"), "manifest.json", 100);
      return List.of("inspect", "bomb.nn4j");
    }, Main.USER_ERROR, "bomb.nn4j: entry 'manifest.json' holds more than the 100 bytes it "
        + "declares"));
    cases.add(big("a model of 150000 entries", d -> {
      try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(
          d.resolve("many.nn4j")))) {
        for (int i = 0; i < 150_000; i++) {
          out.putNextEntry(new ZipEntry("layers/" + i + "/w.f32"));
          out.closeEntry();
        }
      }
      return List.of("inspect", "many.nn4j");
    }, Main.USER_ERROR, "many.nn4j: the archive has 150000 entries, more than the 100000"));
    cases.add(big("a small model declaring a 12000-12000-2 network", d -> inspectTampered(d,
        "network.json", bytes -> ("{\"inputs\": 12000, \"layers\": [{\"units\": 12000, "
            + "\"activation\": \"tanh\"}, {\"units\": 3, \"activation\": \"softmax\"}]}")
            .getBytes(StandardCharsets.UTF_8), Map.of()), Main.USER_ERROR,
        "bad.nn4j: network.json declares a network whose parameters need 576192012 bytes, "
            + "but its layers/ entries hold only 140"));
    cases.add(inProcess("a model file that is empty", d -> {
      Files.write(d.resolve("bad.nn4j"), new byte[0]);
      return List.of("inspect", "bad.nn4j");
    }, Main.USER_ERROR, "bad.nn4j: not a model file"));
    cases.add(inProcess("a model file that is a folder", d -> {
      Files.createDirectory(d.resolve("bad.nn4j"));
      return List.of("inspect", "bad.nn4j");
    }, Main.USER_ERROR, "bad.nn4j: is a folder, not a model file"));
    cases.add(inProcess("/dev/zero as a model", d -> List.of("inspect", "/dev/zero"),
        Main.USER_ERROR, "/dev/zero: is not a regular file"));
    // G2: errors and data (issue 23 leftovers)
    cases.add(inProcess("G2: a last layer of fewer outputs than data.classes", d -> config(d,
        c -> c.replace("{units: 3, activation: softmax}", "{units: 2, activation: softmax}")),
        Main.USER_ERROR, "cfg.yaml:6:50: network.layers[1].units: data.classes lists 3 classes "
            + "(setosa, versicolor, virginica) but the last layer has 2 outputs; make it 3"));
    cases.add(inProcess("G2: data of 2 classes for a last layer of 3 outputs", d -> {
      List<String> args = config(d, c -> c.replace(", classes: [setosa, versicolor, virginica]",
          ""));
      Files.writeString(d.resolve("iris.csv"), String.join("\n", RedTeamTest.irisData().lines()
          .filter(l -> !l.endsWith(",2")).toList()) + "\n");
      return args;
    }, Main.USER_ERROR, "cfg.yaml:6:50: network.layers[1].units: the data has 2 classes but "
        + "the last layer has 3 outputs; make it 2"));
    cases.add(inProcess("G2: a manifest whose csv.labelColumn is -7", d -> predictTampered(d,
        json -> json.replaceFirst("\"labelColumn\" : \\d+", "\"labelColumn\" : -7")),
        Main.USER_ERROR, "bad.nn4j: manifest.json: csv.labelColumn is -7, outside 0..4"));
    cases.add(inProcess("a manifest whose csv.labelColumn is text", d -> predictTampered(d,
        json -> json.replaceFirst("\"labelColumn\" : \\d+", "\"labelColumn\" : \"4\"")),
        Main.USER_ERROR, "bad.nn4j: the manifest's csv.labelColumn is malformed: expected a "
            + "whole number"));
    cases.add(inProcess("a manifest whose csv.width is two billion", d -> predictTampered(d,
        json -> json.replaceFirst("\"width\" : \\d+", "\"width\" : 2000000000")),
        Main.USER_ERROR, "bad.nn4j: the manifest's csv.width is malformed: expected a whole "
            + "number from 1 to 1048576"));
    cases.add(inProcess("a CSV cell with a NUL byte after its number", d -> {
      Files.copy(RedTeamTest.checkpoint().resolveSibling("m.nn4j"), d.resolve("m.nn4j"));
      Files.writeString(d.resolve("rows.csv"), "5.1\u0000,3.5,1.4,0.2\n");
      return List.of("predict", "m.nn4j", "rows.csv");
    }, Main.USER_ERROR, "rows.csv:1:1: column 1 is not a number"));
    cases.add(inProcess("--out with a name of 256 bytes, refused before training", d -> {
      config(d, c -> c);
      return List.of("train", "cfg.yaml", "--no-chart", "--out",
          d.resolve("m".repeat(251) + ".nn4j").toString());
    }, Main.USER_ERROR, "has a name longer than 255 bytes"));
    cases.add(inProcess("--plugin-path naming a device", d -> List.of("--plugin-path",
        "/dev/zero", "plugins"), Main.USER_ERROR, "--plugin-path: /dev/zero is neither a jar nor "
            + "a folder"));
    cases.add(inProcess("a batch norm whose running variance overflows", d -> {
      Files.writeString(d.resolve("bn.yaml"), """
          name: bn
          data:
            features: [[1e20], [-1e20], [3e19], [-3e19]]
            targets: [[0.5], [0.2], [0.4], [0.1]]
          network:
            inputs: 1
            seed: 1
            layers: [{type: batch_norm}, {units: 1, activation: sigmoid}]
          loss: squared_error
          optimizer: {type: sgd, learningRate: 0.1}
          training: {epochs: 1, batchSize: 0, shuffle: false}
          """);
      return List.of("train", "bn.yaml", "--no-chart", "--out", "bn.nn4j");
    }, Main.USER_ERROR, "training diverged at epoch 1, step 1: layers[0].running_var is NaN or "
        + "infinite"));
    cases.add(inProcess("a model whose weights are NaN", d -> inspectTampered(d,
        "layers/1/weights.f32", bytes -> {
          java.nio.ByteBuffer nan = java.nio.ByteBuffer.wrap(bytes)
              .order(java.nio.ByteOrder.LITTLE_ENDIAN);
          while (nan.hasRemaining()) {
            nan.putFloat(Float.NaN);
          }
          return bytes;
        }, Map.of()), Main.USER_ERROR, "bad.nn4j: 'layers/1/weights.f32' holds a value that is "
            + "not finite (NaN or infinite) at index 0"));
    cases.add(inProcess("an unknown option holding an escape sequence", d -> List.of("inspect",
        "--x\u001b[2J", "m.nn4j"), Main.USER_ERROR, "Unknown option: '--x\\x1b[2J'"));
    cases.add(inProcess("G2: a manifest listing a feature column twice", d -> predictTampered(d,
        json -> json.replaceFirst("\"featureColumns\" : \\[ 0, 1, 2, 3 ]",
            "\"featureColumns\" : [ 0, 1, 1, 3 ]")), Main.USER_ERROR,
        "bad.nn4j: manifest.json: csv.featureColumns[2] is 1, listed twice"));
    cases.add(inProcess("G2: a manifest whose feature column is the label", d -> predictTampered(
        d, json -> json.replaceFirst("\"featureColumns\" : \\[ 0, 1, 2, 3 ]",
            "\"featureColumns\" : [ 0, 1, 2, 4 ]")), Main.USER_ERROR,
        "bad.nn4j: manifest.json: csv.featureColumns[3] is 4, the label column"));
    cases.add(inProcess("G2: a manifest whose categorical entry names no feature", d ->
        predictTampered(d, json -> json.replaceFirst("\"missing\"", "\"categorical\" : [ { "
            + "\"column\" : \"x\", \"encoding\" : \"ids\", \"categories\" : [ \"a\" ] } ], "
            + "\"missing\"")), Main.USER_ERROR,
        "bad.nn4j: manifest.json: csv.categorical[0]"));
    cases.add(inProcess("G2: an unknown category next to one holding a newline", d -> {
      Files.writeString(d.resolve("cat.csv"), "x,colour,y\n1,red,a\n2,\"green\nline\",b\n"
          + "3,red,a\n4,\"green\nline\",b\n");
      Files.writeString(d.resolve("cat.yaml"), "name: c\ndata: {file: cat.csv, header: true, "
          + "label: y, categorical: {colour: one_hot}}\nnetwork: {inputs: 3, layers: [{units: 2,"
          + " activation: softmax}]}\nloss: categorical_cross_entropy\ntraining: {epochs: 1, "
          + "batchSize: 2}\n");
      trainQuietly(d, "cat.yaml", "c.nn4j");
      Files.writeString(d.resolve("p.csv"), "x,colour\n1,blue\n");
      return List.of("predict", "c.nn4j", "p.csv", "--header");
    }, Main.USER_ERROR, "p.csv:2:2: column 2 (colour) holds a category the model was not trained "
        + "on; it knows 2: green\\x0aline, red"));
    cases.add(new Hostile("G2: an --out name holding an escape sequence", d -> {
      List<String> args = new ArrayList<>(config(d, c -> c));
      args.set(args.indexOf("out.nn4j"), "a\u001b[2Jb.nn4j");
      return args;
    }, 0, List.of("model written to ", "a\\x1b[2Jb.nn4j"), List.of("a\u001b[2Jb.nn4j"), false,
        null, List.of()));
    cases.add(new Hostile("G2: predict from a pipe named by its path", d -> {
      Files.copy(RedTeamTest.checkpoint().resolveSibling("m.nn4j"), d.resolve("m.nn4j"));
      return List.of("predict", "m.nn4j", fifo("5.1,3.5,1.4,0.2\n").toString());
    }, 0, List.of("class,p_setosa,p_versicolor,p_virginica\n"), List.of(), false, null,
        List.of()));
    cases.add(inProcess("G2: predict from a file that does not exist", d -> {
      Files.copy(RedTeamTest.checkpoint().resolveSibling("m.nn4j"), d.resolve("m.nn4j"));
      return List.of("predict", "m.nn4j", "nonexist.csv");
    }, Main.USER_ERROR, "nonexist.csv: no such file"));
    cases.add(inProcess("G2: evaluate on a file that does not exist", d -> {
      Files.copy(RedTeamTest.checkpoint().resolveSibling("m.nn4j"), d.resolve("m.nn4j"));
      return List.of("evaluate", "m.nn4j", "nonexist.csv");
    }, Main.USER_ERROR, "nonexist.csv: no such file"));
    cases.add(inProcess("G2: data.file naming a folder", d -> config(d, c -> c.replace(
        "file: iris.csv", "file: .")), Main.USER_ERROR, "cfg.yaml:2:", "data.file: ",
        " is a folder; name a data file"));
    cases.add(inProcess("G2: data.file naming a pipe", d -> {
      Path pipe = fifo("");
      return config(d, c -> c.replace("file: iris.csv", "file: " + pipe));
    }, Main.USER_ERROR, "cfg.yaml:2:", "data.file: ",
        " is not a regular file (a device or a pipe); name a data file"));
    cases.add(new Hostile("G2: predict streams 2,000,000 rows in a 64 MiB heap", d -> {
      Files.copy(RedTeamTest.checkpoint().resolveSibling("m.nn4j"), d.resolve("m.nn4j"));
      byte[] row = "5.1,3.5,1.4,0.2\n".getBytes(StandardCharsets.US_ASCII);
      try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(
          d.resolve("rows.csv")), 1 << 16)) {
        for (int i = 0; i < 2_000_000; i++) {
          out.write(row);
        }
      }
      return List.of("predict", "m.nn4j", "rows.csv");
    }, 0, List.of(), List.of(), true, "/dev/null", List.of("-Xmx64m")));
    cases.add(inProcess("G2: a config in Latin-1", d -> {
      List<String> args = config(d, c -> c);
      Files.write(d.resolve("cfg.yaml"), RedTeamTest.ADAM_CONFIG.replace("name: m",
          "name: caf\u00e9").getBytes(StandardCharsets.ISO_8859_1));
      return args;
    }, Main.USER_ERROR, "cfg.yaml: not UTF-8 text (byte 0xE9 at line 1, column 10); save it as "
        + "UTF-8"));
    cases.add(inProcess("G2: a config in UTF-16", d -> {
      List<String> args = config(d, c -> c);
      Files.write(d.resolve("cfg.yaml"), RedTeamTest.ADAM_CONFIG.getBytes(
          StandardCharsets.UTF_16));
      return args;
    }, Main.USER_ERROR, "cfg.yaml: not UTF-8 text (it is UTF-16"));
    cases.add(inProcess("G2: a CSV label in Latin-1", d -> {
      List<String> args = config(d, c -> c.replace(", classes: [setosa, versicolor, virginica]",
          ""));
      Files.write(d.resolve("iris.csv"), RedTeamTest.irisData().replaceFirst(",0\n",
          ",s\u00e9t\n").getBytes(StandardCharsets.ISO_8859_1));
      return args;
    }, Main.USER_ERROR, "iris.csv:2: not UTF-8 text (byte 0xE9 at line 2, column 18); save it "
        + "as UTF-8"));
    // plugins
    cases.add(inProcess("a plugin whose name() throws", d -> plugins(d,
        BrokenProviders.ThrowingName.class), Main.USER_ERROR,
        BrokenProviders.ThrowingName.class.getName() + " (from ",
        "is broken: name() threw \"no name today\""));
    cases.add(inProcess("a plugin whose parametersType() returns null", d -> plugins(d,
        BrokenProviders.NullType.class), Main.USER_ERROR,
        BrokenProviders.NullType.class.getName(), "is broken: parametersType() returned null"));
    cases.add(inProcess("a plugin whose defaultParameters() returns null", d -> plugins(d,
        NoDefaultsLossProvider.class), Main.USER_ERROR,
        NoDefaultsLossProvider.class.getName(), "is broken: defaultParameters() returned null"));
    cases.add(inProcess("a plugin whose create() returns null", d -> {
      servicesJar(d, "broken.jar", BrokenProviders.NullCreate.class);
      List<String> args = new ArrayList<>(config(d, c -> c.replace(
          "loss: categorical_cross_entropy", "loss: nullcreate")));
      args.addAll(List.of("--plugin-path", "broken.jar"));
      return args;
    }, Main.USER_ERROR, BrokenProviders.NullCreate.class.getName(),
        "is broken: create(NoParameters[]) returned null"));
    cases.add(inProcess("a plugin jar that is not a zip", d -> {
      Files.writeString(d.resolve("text.jar"), "not a jar at all\n");
      return List.of("--plugin-path", "text.jar", "plugins");
    }, Main.USER_ERROR, "--plugin-path: ", "text.jar is not a jar (not a zip archive)"));
    cases.add(inProcess("a plugin jar of 0 bytes in a plugin folder", d -> {
      Files.createDirectory(d.resolve("plugins"));
      Files.write(d.resolve("plugins/empty.jar"), new byte[0]);
      return List.of("--plugin-path", "plugins/", "plugins");
    }, Main.USER_ERROR, "--plugin-path: the jar ", "empty.jar is empty (0 bytes)"));
    cases.add(inProcess("a plugin jar that is an empty zip", d -> {
      new ZipOutputStream(Files.newOutputStream(d.resolve("empty.jar"))).close();
      return List.of("--plugin-path", "empty.jar", "plugins");
    }, Main.USER_ERROR, "empty.jar is an empty zip archive, holding no plugin"));
    cases.add(big("a plugin that calls System.exit(0) while it is loaded", d -> plugins(d,
        BrokenProviders.Exiting.class), Main.USER_ERROR,
        "nn4j: " + BrokenProviders.Exiting.class.getName() + " (in ",
        "ended the JVM with System.exit before the command finished; the command did not "
            + "succeed"));
    cases.add(big("a plugin that calls System.exit(0) when train loads it", d -> {
      servicesJar(d, "broken.jar", BrokenProviders.Exiting.class);
      List<String> args = new ArrayList<>(config(d, c -> c));
      args.addAll(List.of("--plugin-path", "broken.jar"));
      return args;
    }, Main.USER_ERROR, BrokenProviders.Exiting.class.getName(), "ended the JVM"));
    // configurations
    cases.add(inProcess("a negative initializer scale", d -> config(d, c -> c.replace(
        "  seed: 1\n", "  seed: 1\n  initializer: {type: normal, scale: -1}\n")),
        Main.USER_ERROR, "cfg.yaml:6:16: network.initializer: invalid parameters for 'normal':"
            + " scale must be a finite number >= 0, was -1.0"));
    cases.add(inProcess("an empty earlyStopping.monitor", d -> config(d, c -> c.replace(
        "seed: 1}", "seed: 1, validationSplit: 0.2, earlyStopping: {monitor: \"\"}}")),
        Main.USER_ERROR, "cfg.yaml:8:", "training.earlyStopping.monitor: earlyStopping.monitor "
            + "is empty; name the metric to watch"));
    cases.add(inProcess("a NUL character in the name", d -> config(d, c -> c.replace(
        "name: m", "name: \"m\\0x\"")), Main.USER_ERROR,
        "cfg.yaml:1:7: name: the value holds a NUL character"));
    cases.add(inProcess("a NUL character in the data path", d -> config(d, c -> c.replace(
        "file: iris.csv", "file: \"iris.csv\\0.txt\"")), Main.USER_ERROR,
        "cfg.yaml:2:", "data.file: the value holds a NUL character"));
    cases.add(inProcess("a NUL character in the checkpoint path", d -> config(d, c -> c.replace(
        "seed: 1}", "seed: 1, checkpoint: {file: \"a\\0b\"}}")), Main.USER_ERROR,
        "training.checkpoint.file: the value holds a NUL character"));
    cases.add(inProcess("a NUL character in a key", d -> config(d, c -> c
        + "\"ke\\0y\": 1\n"), Main.USER_ERROR, "cfg.yaml:10:", "the key holds a NUL character"));
    cases.add(inProcess("a second YAML document after ---", d -> config(d, c -> c
        + "---\nname: other\n"), Main.USER_ERROR,
        "cfg.yaml:11:1: a second YAML document (after ---); a config is one document"));
    cases.add(inProcess("JSON followed by garbage", d -> {
      Files.writeString(d.resolve("iris.csv"), RedTeamTest.irisData());
      Files.writeString(d.resolve("cfg.json"), "{\"network\": {\"inputs\": 4, \"layers\": "
          + "[{\"units\": 3}]}, \"data\": {\"file\": \"iris.csv\", \"header\": true}} garbage");
      return List.of("train", "cfg.json", "--no-chart", "--out", "out.nn4j");
    }, Main.USER_ERROR, "cfg.json:1:", "not valid JSON"));
    cases.add(inProcess("JSON followed by a second document", d -> {
      Files.writeString(d.resolve("iris.csv"), RedTeamTest.irisData());
      Files.writeString(d.resolve("cfg.json"), "{\"network\": {\"inputs\": 4, \"layers\": "
          + "[{\"units\": 3}]}, \"data\": {\"file\": \"iris.csv\", \"header\": true}}\n{}");
      return List.of("train", "cfg.json", "--no-chart", "--out", "out.nn4j");
    }, Main.USER_ERROR, "cfg.json:2:1: more content after the end of the JSON document"));
    cases.add(inProcess("a learning rate given as text", d -> config(d, c -> c.replace(
        "learningRate: 0.01", "learningRate: \"0.1\"")), Main.USER_ERROR,
        "cfg.yaml:9:", "optimizer.learningRate: 'learningRate' of 'adam' must be a number but "
            + "is the text \"0.1\""));
    cases.add(inProcess("a plugin parameter given as text", d -> config(d, c -> c.replace(
        "  seed: 1\n", "  seed: 1\n  initializer: {type: normal, scale: \"0.5\"}\n")),
        Main.USER_ERROR, "cfg.yaml:6:", "'scale' of 'normal' must be a number but is the text"));
    cases.add(inProcess("a class named twice", d -> config(d, c -> c.replace(
        "versicolor, virginica]", "versicolor, setosa]")), Main.USER_ERROR,
        "cfg.yaml:2:", "data.classes[2]: the class 'setosa' is listed twice (also as "
            + "classes[0])"));
    // data
    cases.add(inProcess("network.inputs 5 against 4 columns", d -> config(d, c -> c.replace(
        "inputs: 4", "inputs: 5")), Main.USER_ERROR, "cfg.yaml:4:11: network.inputs: the CSV "
            + "file ", "has 4 feature values per sample, but network.inputs is 5"));
    cases.add(inProcess("network.inputs 3 against 4 columns", d -> config(d, c -> c.replace(
        "inputs: 4", "inputs: 3")), Main.USER_ERROR, "cfg.yaml:4:11: network.inputs:",
        "but network.inputs is 3"));
    // G1: files and plugins
    cases.add(inProcess("G1: --out names a --plugin-path jar", d -> {
      harmlessJar(d.resolve("plug.jar"));
      List<String> args = new ArrayList<>(List.of("--plugin-path", "plug.jar"));
      args.addAll(config(d, c -> c));
      args.set(args.indexOf("out.nn4j"), "plug.jar");
      return args;
    }, Main.USER_ERROR, "--out ", "plug.jar is a plugin jar", "refusing to overwrite an input"));
    cases.add(inProcess("G1: export --out names a jar of a --plugin-path folder", d -> {
      Files.createDirectory(d.resolve("plugins"));
      harmlessJar(d.resolve("plugins/plug.jar"));
      Files.copy(RedTeamTest.checkpoint().resolveSibling("m.nn4j"), d.resolve("m.nn4j"));
      return List.of("--plugin-path", "plugins/", "export", "m.nn4j", "--format", "onnx",
          "--out", "plugins/plug.jar");
    }, Main.USER_ERROR, "plug.jar is a plugin jar", "refusing to overwrite an input"));
    cases.add(big("G1: the config's name leads through a planted link out of the folder", d -> {
      config(d, c -> c);
      Files.createSymbolicLink(d.resolve("m.nn4j"), victim("victim.txt"));
      return List.of("train", "cfg.yaml", "--no-chart");
    }, Main.USER_ERROR, "the model file m.nn4j is a link; nn4j chose this name",
        "pass --out MODEL"));
    cases.add(inProcess("G1: the chart's name leads through a planted link out of the folder",
        d -> {
          config(d, c -> c);
          Files.createSymbolicLink(d.resolve("out.png"),
              victim("victim2.txt").resolveSibling("new.png"));
          return List.of("train", "cfg.yaml", "--out", "out.nn4j");
        }, Main.USER_ERROR, "the chart ", "out.png is a link; nn4j chose this name",
        "--no-chart"));
    cases.add(inProcess("G1: the checkpoint's name leads through a planted link out of the "
        + "folder", d -> {
          config(d, c -> c);
          Files.createSymbolicLink(d.resolve("out.ckpt"), victim("victim.ckpt"));
          return List.of("train", "cfg.yaml", "--no-chart", "--out", "out.nn4j");
        }, Main.USER_ERROR, "the checkpoint file ",
        "out.ckpt is a link; nn4j chose this name", "pass --checkpoint FILE"));
    cases.add(big("the config's name is a link to another file of its folder", d -> {
      config(d, c -> c);
      Files.writeString(d.resolve("xor.yaml"), "name: xor\n");
      Files.createSymbolicLink(d.resolve("m.nn4j"), Path.of("xor.yaml"));
      return List.of("train", "cfg.yaml", "--no-chart");
    }, Main.USER_ERROR, "the model file m.nn4j is a link; nn4j chose this name",
        "remove the link, or pass --out MODEL"));
    cases.add(inProcess("the chart's name is a link to another file of its folder", d -> {
      config(d, c -> c);
      Files.writeString(d.resolve("notes.txt"), "notes\n");
      Files.createSymbolicLink(d.resolve("q.png"), Path.of("notes.txt"));
      return List.of("train", "cfg.yaml", "--out", "q.nn4j");
    }, Main.USER_ERROR, "the chart ", "q.png is a link; nn4j chose this name"));
    cases.add(big("G1: --out newdir/ names a folder", d -> {
      config(d, c -> c);
      return List.of("train", "cfg.yaml", "--no-chart", "--out", "newdir/");
    }, Main.USER_ERROR, "--out newdir/ names a folder; give a file name"));
    cases.add(inProcess("G1: --checkpoint names an existing folder", d -> {
      config(d, c -> c);
      Files.createDirectory(d.resolve("ckpts"));
      return List.of("train", "cfg.yaml", "--no-chart", "--out", "out.nn4j", "--checkpoint",
          "ckpts/.");
    }, Main.USER_ERROR, "the checkpoint file ", "names a folder; give a file name"));
    cases.add(inProcess("G1: a plugin class compiled for Java 21", d -> {
      newerJavaJar(d, "newer.jar");
      return List.of("--plugin-path", "newer.jar", "plugins");
    }, Main.USER_ERROR, "newer.jar: plugin class g1.NewerJava needs Java 21 (class file "
        + "version 65); nn4j runs on Java " + Runtime.version().feature()));
    cases.add(inProcess("G1: a plugin class compiled for Java 21 when train loads it", d -> {
      newerJavaJar(d, "newer.jar");
      List<String> args = new ArrayList<>(config(d, c -> c));
      args.addAll(List.of("--plugin-path", "newer.jar"));
      return args;
    }, Main.USER_ERROR, "plugin class g1.NewerJava needs Java 21"));
    cases.add(inProcess("G1: a plugin whose static initializer throws", d -> plugins(d,
        BrokenProviders.StaticInit.class), Main.USER_ERROR,
        BrokenProviders.StaticInit.class.getName() + " (from ",
        "is broken: its static initializer threw \"no licence here\""));
    cases.add(inProcess("G1: a plugin jar whose zip directory is garbage", d -> {
      Files.write(d.resolve("t.jar"),
          "PK\u0003\u0004garbage".getBytes(StandardCharsets.ISO_8859_1));
      return List.of("--plugin-path", "t.jar", "plugins");
    }, Main.USER_ERROR, "t.jar is not a readable jar (its zip directory is missing or damaged"));
    cases.add(inProcess("G1: a truncated plugin jar in a plugin folder", d -> {
      Files.createDirectory(d.resolve("plugins"));
      byte[] noise = new byte[8000];
      new java.util.Random(23).nextBytes(noise);
      Path whole = jar(d.resolve("whole.zip"), Map.of("noise.bin", noise));
      Files.write(d.resolve("plugins/t.jar"), Arrays.copyOf(Files.readAllBytes(whole), 3000));
      Files.delete(whole);
      return List.of("--plugin-path", "plugins/", "plugins");
    }, Main.USER_ERROR, "--plugin-path: ", "t.jar is not a readable jar"));
    cases.add(inProcess("two plugin classes whose superclass is missing", d -> {
      missingSuperclassJar(d, "broken.jar");
      return List.of("--plugin-path", "broken.jar", "plugins");
    }, Main.USER_ERROR, "cannot load 2 plugins", "plugin class g3.First cannot be loaded: it "
        + "needs the class g3.Base", "plugin class g3.Second cannot be loaded: it needs the class "
        + "g3.Base"));
    cases.add(inProcess("a truncated plugin jar named t.JAR in a plugin folder", d -> {
      Files.createDirectory(d.resolve("plugins"));
      Files.write(d.resolve("plugins/t.JAR"), "PK\u0003\u0004garbage".getBytes(
          StandardCharsets.ISO_8859_1));
      return List.of("--plugin-path", "plugins/", "plugins");
    }, Main.USER_ERROR, "--plugin-path: ", "t.JAR is not a readable jar"));
    return List.copyOf(cases);
  }
}
