package dev.nn4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.PluginKind;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import dev.nn4j.core.data.Scaler;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files from elsewhere are checked, and a failed save never breaks the file it replaces. */
class ModelFileHardeningTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();

  @TempDir
  Path dir;

  private static Model model(long seed) {
    Network network = Network.builder(REGISTRY).inputs(8).seed(seed)
        .dense(32, "tanh").dense(3, "softmax").build();
    return new Model("m" + seed, network, Scaler.fit("none", Matrix.zeros(1, 8)),
        List.of("a", "b", "c"), REGISTRY.resolve(PluginKind.LOSS,
            PluginSpec.of("categorical_cross_entropy")), null, "name: m\n");
  }

  private static final Matrix SAMPLE = Matrix.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8});

  @Test
  void theGoldenModelFileOfFormatVersion1StillLoads() throws IOException {
    Path golden = dir.resolve("golden.nn4j");
    try (var in = getClass().getResourceAsStream("/golden/hmkcode-v1.nn4j")) {
      Files.copy(in, golden);
    }
    Model model = ModelFile.load(golden, REGISTRY);
    assertThat(model.name()).isEqualTo("hmkcode");
    assertThat(model.network().predict(2, 3)[0]).isCloseTo(0.2557458f, within(1e-6f));
    assertThat(model.network().layers().get(1).parameter("weights"))
        .containsExactly(new float[] {0.1743825f, 0.169416f}, within(1e-6f));
  }

  @Test
  void aCorruptedOrTruncatedFileIsRefused() throws IOException {
    Path file = dir.resolve("m.nn4j");
    ModelFile.save(model(1), file);
    byte[] bytes = Files.readAllBytes(file);
    byte[] flipped = bytes.clone();
    for (int i = bytes.length / 3; i < bytes.length / 3 + 16; i++) {
      flipped[i] ^= 0x5a;
    }
    Path corrupted = dir.resolve("corrupted.nn4j");
    Files.write(corrupted, flipped);
    assertThatThrownBy(() -> ModelFile.load(corrupted, REGISTRY))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining("corrupted");
    Path truncated = dir.resolve("truncated.nn4j");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> ModelFile.load(truncated, REGISTRY))
        .isInstanceOf(ModelFileException.class)
        .hasMessageMatching(".*(corrupted|truncated|is missing).*");
  }

  private Path zip(String name, Map<String, byte[]> entries) throws IOException {
    Path file = dir.resolve(name);
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
      for (var e : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    return file;
  }

  @Test
  void pathTraversalAndZipBombsAreRefused() throws IOException {
    Path traversal = zip("t.nn4j", Map.of("../../etc/evil", new byte[] {1}));
    assertThatThrownBy(() -> ModelFile.load(traversal, REGISTRY))
        .hasMessageContaining("entry '../../etc/evil' has an unsafe path");
    Path bomb = zip("b.nn4j", Map.of("layers/0/weights.f32", new byte[8 << 20]));
    assertThatThrownBy(() -> ModelFile.load(bomb, REGISTRY))
        .hasMessageContaining("suspicious compression ratio");
  }

  /** A stream that fails after a given number of bytes, as a full disk or a crash would. */
  private static final class FailingStream extends FilterOutputStream {
    private long left;

    FailingStream(OutputStream out, long failAfter) {
      super(out);
      this.left = failAfter;
    }

    @Override
    public void write(int b) throws IOException {
      if (left-- <= 0) {
        throw new IOException("injected failure");
      }
      super.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      for (int i = 0; i < len; i++) {
        write(b[off + i]);
      }
    }
  }

  @Test
  void aSaveInterruptedAtAnyPointLeavesTheOldFileWhole() throws IOException {
    Path file = dir.resolve("model.nn4j");
    Model old = model(1);
    ModelFile.save(old, file);
    Matrix expected = ModelFile.load(file, REGISTRY).network().predict(SAMPLE);
    Path scratch = Files.createTempDirectory("scratch").resolve("new.nn4j");
    ModelFile.save(model(2), scratch);
    long newSize = Files.size(scratch); // every write before its last byte must fail
    SplittableRandom random = new SplittableRandom(7);
    for (int attempt = 0; attempt < 40; attempt++) {
      long failAfter = random.nextLong(newSize);
      assertThatThrownBy(() -> ModelFile.save(model(2), file, Map.of(),
          temp -> new FailingStream(Files.newOutputStream(temp), failAfter)))
          .isInstanceOf(ModelFileException.class)
          .hasMessageContaining("injected failure");
      assertThat(ModelFile.load(file, REGISTRY).network().predict(SAMPLE)).isEqualTo(expected);
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files).containsExactly(file);
      }
    }
  }
}
