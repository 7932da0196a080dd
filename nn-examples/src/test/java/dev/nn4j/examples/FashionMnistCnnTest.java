package dev.nn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nn4j.api.Shape;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.model.Training;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code fashion-mnist-cnn.yaml}, unchanged but for its data (the first 2,000
 * training and 1,000 test images) and three epochs, trains end to end well above chance (0.1).
 * Skipped where Debian's {@code dataset-fashion-mnist} is not installed.
 */
class FashionMnistCnnTest {

  private static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");
  private static final Path EXAMPLE = Path.of("src/main/resources/examples/fashion-mnist-cnn.yaml");

  @TempDir
  Path dir;

  @Test
  void threeEpochsOnTwoThousandImagesAreWellAboveChance() throws IOException {
    assumeTrue(Files.isRegularFile(DATA.resolve("train-images-idx3-ubyte.gz")),
        "dataset-fashion-mnist is not installed");
    for (String set : List.of("train", "t10k")) {
      int n = set.equals("train") ? 2000 : 1000;
      head(set + "-images-idx3-ubyte.gz", n);
      head(set + "-labels-idx1-ubyte.gz", n);
    }
    String text = Files.readString(EXAMPLE, StandardCharsets.UTF_8)
        .replace(DATA + "/", dir + "/")
        .replaceFirst("epochs: \\d+", "epochs: 3");
    assertThat(text).contains(dir.toString()).contains("epochs: 3\n");
    PluginRegistry registry = PluginRegistry.discover();
    ModelSpec spec = new ConfigReader(registry).read(text, EXAMPLE.toString(), dir);
    assertThat(spec.data().shape()).isEqualTo(Shape.image(1, 28, 28));
    Training.Result result = Training.run(spec, registry, List.of());
    assertThat(result.rawSplits().train().size()).isEqualTo(1800);
    assertThat(result.rawSplits().test().size()).isEqualTo(1000);
    assertThat(result.test().accuracy()).isGreaterThan(0.7);
  }

  /** Copies the IDX header and first n items of a Fashion-MNIST file, uncompressed. */
  private void head(String name, int n) throws IOException {
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(
        Files.newInputStream(DATA.resolve(name))));
        DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(name)))) {
      int magic = in.readInt();
      int dims = magic & 0xff;
      int[] shape = new int[dims];
      long itemSize = 1;
      for (int d = 0; d < dims; d++) {
        shape[d] = in.readInt();
        itemSize *= d == 0 ? 1 : shape[d];
      }
      out.writeInt(magic);
      out.writeInt(n);
      for (int d = 1; d < dims; d++) {
        out.writeInt(shape[d]);
      }
      out.write(in.readNBytes(Math.toIntExact(n * itemSize)));
    }
  }
}
