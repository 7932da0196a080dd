package dev.nn4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The iris example shipped in nn-examples, copied out of the class path so it can be read. */
final class BuiltInExample {

  private BuiltInExample() {}

  /** Copies {@code examples/iris.yaml} and its data into a new temporary folder. */
  static Path iris() {
    try {
      Path dir = Files.createTempDirectory("nn4j-iris");
      copy("examples/iris.yaml", dir.resolve("iris.yaml"));
      Files.createDirectories(dir.resolve("data"));
      copy("examples/data/iris.csv", dir.resolve("data/iris.csv"));
      return dir.resolve("iris.yaml");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the built-in iris example", e);
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
