package dev.nn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What train writes, every command reads: a 12000-12000-2 network (144 million parameters, within
 * the parameter budget), in the layout {@code ModelFile} writes, is read by {@code inspect},
 * {@code predict} and {@code evaluate}. The file is written here entry by entry rather than
 * trained, which would take minutes.
 */
class LargeModelTest {

  private static final int INPUTS = 12_000;
  private static final int HIDDEN = 12_000;

  @TempDir
  Path dir;

  @Test
  void aModelOfTwelveThousandByTwelveThousandIsReadByEveryCommand() throws Exception {
    Path model = dir.resolve("big.nn4j");
    writeModel(model);
    StringBuilder row = new StringBuilder();
    for (int i = 0; i < INPUTS; i++) {
      row.append(i == 0 ? "" : ",").append(i % 7 == 0 ? "1" : "0");
    }
    Files.writeString(dir.resolve("in.csv"), row + "\n");
    Files.writeString(dir.resolve("labelled.csv"), row + ",yes\n" + row + ",no\n");

    Run inspect = run("inspect", "big.nn4j");
    assertThat(inspect.code()).as(inspect.output()).isZero();
    assertThat(inspect.output()).contains("144036002");
    Run predict = run("predict", "big.nn4j", "in.csv");
    assertThat(predict.code()).as(predict.output()).isZero();
    assertThat(predict.output()).contains("yes");
    Run evaluate = run("evaluate", "big.nn4j", "labelled.csv");
    assertThat(evaluate.code()).as(evaluate.output()).isZero();
    assertThat(evaluate.output()).contains("accuracy 0.5000").contains("(2 samples)");
  }

  private record Run(int code, String output) {}

  private Run run(String... args) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(ChildJvm.command(List.of("-Xmx3g"), args))
        .directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Run(p.exitValue(), output);
  }

  /**
   * A model file as {@code ModelFile} lays it out: the hidden layer's weights are 0, its biases
   * 1, and the output layer favours its first class ("yes") by its bias.
   */
  private static void writeModel(Path file) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      zip.setLevel(Deflater.NO_COMPRESSION); // as raw trained floats barely compress
      text(zip, "manifest.json", "{\"format\": \"nn4j-model\", \"version\": 2, \"name\": "
          + "\"big\", \"classes\": [\"yes\", \"no\"], \"scaling\": \"none\", \"inputs\": "
          + INPUTS + ", \"outputs\": 2, \"csv\": {\"header\": false, \"delimiter\": \",\", "
          + "\"labelColumn\": -1, \"oneHot\": true}}");
      text(zip, "network.json", "{\"inputs\": " + INPUTS + ", \"layers\": [{\"units\": "
          + HIDDEN + ", \"activation\": {\"type\": \"tanh\"}, \"bias\": true}, {\"units\": 2, "
          + "\"activation\": {\"type\": \"softmax\"}, \"bias\": true}]}");
      text(zip, "loss.json", "{\"type\": \"categorical_cross_entropy\"}");
      floats(zip, "scaler/offset.f32", INPUTS, 0);
      floats(zip, "scaler/scale.f32", INPUTS, 1);
      floats(zip, "layers/0/weights.f32", (long) HIDDEN * INPUTS, 0);
      floats(zip, "layers/0/biases.f32", HIDDEN, 1);
      floats(zip, "layers/1/weights.f32", 2L * HIDDEN, 0);
      zip.putNextEntry(new ZipEntry("layers/1/biases.f32"));
      zip.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(0)
          .array());
      zip.closeEntry();
    }
  }

  private static void text(ZipOutputStream zip, String name, String text) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(text.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }

  private static void floats(ZipOutputStream zip, String name, long count, float value)
      throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    while (chunk.hasRemaining()) {
      chunk.putFloat(value);
    }
    byte[] bytes = chunk.array();
    OutputStream out = zip;
    for (long left = count * Float.BYTES; left > 0; left -= bytes.length) {
      out.write(bytes, 0, (int) Math.min(bytes.length, left));
    }
    zip.closeEntry();
  }
}
