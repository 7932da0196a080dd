package dev.nn4j.core.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens data files, decompressing gzip files whatever their name. */
final class Inputs {

  private Inputs() {}

  /**
   * Opens a file; a gzip file (magic bytes 1f 8b) is decompressed on the fly. A file that is not
   * regular (a pipe such as {@code <(cmd)} or {@code /dev/stdin}) is read as a stream: the
   * channel of {@code Files.newInputStream} seeks, which a pipe refuses.
   */
  static InputStream open(Path file) throws IOException {
    InputStream raw = Files.isRegularFile(file) || Files.isDirectory(file)
        ? Files.newInputStream(file) : openStream(file);
    return open(raw);
  }

  /** Reads a stream; gzip data (magic bytes 1f 8b) is decompressed on the fly. */
  static InputStream open(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    return b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16))
        : in;
  }

  private static InputStream openStream(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new java.nio.file.NoSuchFileException(file.toString());
    }
    return new java.io.FileInputStream(file.toFile());
  }
}
