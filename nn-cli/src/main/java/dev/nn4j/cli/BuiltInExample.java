package dev.nn4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The iris example shipped in nn-examples, copied out of the class path into a temporary folder
 * so it can be read like any config; closing it deletes the folder.
 *
 * @param config the copied {@code iris.yaml}, with its data in {@code data/} next to it
 */
record BuiltInExample(Path config) implements AutoCloseable {

  /** Copies {@code examples/iris.yaml} and its data into a new temporary folder. */
  static BuiltInExample iris() {
    BuiltInExample example = null;
    try {
      example = new BuiltInExample(Files.createTempDirectory("nn4j-iris").resolve("iris.yaml"));
      Path dir = example.config().getParent();
      copy("examples/iris.yaml", example.config());
      Files.createDirectories(dir.resolve("data"));
      copy("examples/data/iris.csv", dir.resolve("data/iris.csv"));
      return example;
    } catch (IOException e) {
      if (example != null) {
        example.close();
      }
      throw new UncheckedIOException("cannot copy the built-in iris example", e);
    }
  }

  /** Deletes the temporary folder; what cannot be deleted is left for the system to clean. */
  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(config.getParent())) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a leftover in the temporary folder is harmless; the training's result is not at stake
    }
  }

  private static void copy(String resource, Path target) throws IOException {
    try (InputStream in = BuiltInExample.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(resource + " is not on the class path (is nn-examples missing?)");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
