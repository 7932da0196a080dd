package dev.nn4j.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The entries of a model file or checkpoint, read on demand through the zip's central directory:
 * nothing is read before its name, count and declared size have been checked, a parameter is
 * read straight into the array that holds it (never past the size the network gives it), and
 * each entry's CRC-32 is checked. Entries of names no model file has are refused unread, as are
 * declared sizes that add up to more than {@link ModelFile#MAX_COMPRESSION_RATIO} times the file.
 *
 * <p>Thread-safety: not thread-safe; one reader opens, reads and closes it.
 */
final class ModelArchive implements AutoCloseable {

  /** The names an entry of a model file or checkpoint may have. */
  private static final Pattern NAMES = Pattern.compile("manifest\\.json|network\\.json|loss\\.json"
      + "|config\\.yaml|trainer\\.json|scaler/(offset|scale)\\.f32"
      + "|layers/[0-9]{1,6}/[A-Za-z][A-Za-z0-9_]{0,63}\\.f32|optimizer/[0-9]{1,7}\\.f32");
  private static final long MIN_RATIO_CHECK_BYTES = 1 << 20;

  private final ZipFile zip;
  private final String where;
  private final Map<String, ZipEntry> entries = new LinkedHashMap<>();
  private final Set<String> read = new HashSet<>();

  private ModelArchive(ZipFile zip, String where) {
    this.zip = zip;
    this.where = where;
  }

  /**
   * Opens a model file or checkpoint and checks its directory: entry count, names, duplicates
   * and declared sizes.
   *
   * @throws ModelFileException if it is missing, not a zip archive, empty, or its directory fails
   *     a check
   */
  static ModelArchive open(Path file) {
    String where = file.toString();
    if (Files.isDirectory(file)) {
      throw new ModelFileException(where, "is a folder, not a model file", null);
    }
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new ModelFileException(where, "is not a regular file (a device or a pipe), so not a "
          + "model file", null);
    }
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8);
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new ModelFileException(where, "no such file", e);
    } catch (ZipException | IllegalArgumentException e) {
      throw new ModelFileException(where, "not a model file: it is not a zip archive, or it is "
          + "empty, corrupted or truncated (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new ModelFileException(where, "not a readable model file (" + e.getMessage() + ")",
          e);
    }
    ModelArchive archive = new ModelArchive(zip, where);
    try {
      archive.checkDirectory(file);
    } catch (RuntimeException e) {
      archive.close();
      throw e;
    }
    return archive;
  }

  private void checkDirectory(Path file) {
    if (zip.size() > ModelFile.MAX_ENTRIES) {
      throw new ModelFileException(where, "the archive has " + zip.size() + " entries, more "
          + "than the " + ModelFile.MAX_ENTRIES + " a model file may hold; refusing it unread",
          null);
    }
    long declared = 0;
    Enumeration<? extends ZipEntry> all;
    try {
      all = zip.entries();
      while (all.hasMoreElements()) {
        ZipEntry e = all.nextElement();
        String name = e.getName();
        if (name.startsWith("/") || name.contains("..") || name.contains("\\")) {
          throw new ModelFileException(where, "entry '" + name + "' has an unsafe path", null);
        }
        if (entries.putIfAbsent(name, e) != null) {
          throw new ModelFileException(where, "entry '" + name + "' appears twice", null);
        }
        if (!NAMES.matcher(name).matches()) {
          throw new ModelFileException(where, "entry '" + name + "' is not part of a model file "
              + "(its entries are manifest.json, network.json, loss.json, config.yaml, "
              + "scaler/*.f32, layers/N/NAME.f32, and in a checkpoint trainer.json and "
              + "optimizer/N.f32); refusing it unread", null);
        }
        declared += Math.max(e.getSize(), 0);
      }
    } catch (IllegalArgumentException e) {
      // an entry name that is not UTF-8
      throw new ModelFileException(where, "the file is corrupted (" + e.getMessage() + ")", e);
    }
    if (entries.isEmpty()) {
      throw new ModelFileException(where, "not a model file: the zip archive is empty", null);
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new ModelFileException(where, "cannot read its size (" + e.getMessage() + ")", e);
    }
    if (declared > MIN_RATIO_CHECK_BYTES && declared > ModelFile.MAX_COMPRESSION_RATIO * size) {
      throw new ModelFileException(where, "suspicious compression ratio: its entries declare "
          + declared + " bytes from a file of " + size + " (more than "
          + ModelFile.MAX_COMPRESSION_RATIO + ":1); refusing a likely zip bomb unread", null);
    }
  }

  /** Whether the archive has an entry of this name. */
  boolean has(String name) {
    return entries.containsKey(name);
  }

  /** The declared (uncompressed) size of an entry, in bytes. */
  long declaredSize(String name) {
    return required(name).getSize();
  }

  /** The names of the entries, in archive order. */
  List<String> names() {
    return new ArrayList<>(entries.keySet());
  }

  /**
   * Reads a text entry of at most {@link ModelFile#MAX_TEXT_BYTES}.
   *
   * @throws ModelFileException if it is missing, too large, or corrupted
   */
  String text(String name) {
    ZipEntry e = required(name);
    if (e.getSize() > ModelFile.MAX_TEXT_BYTES) {
      throw new ModelFileException(where, "entry '" + name + "' declares " + e.getSize()
          + " bytes, more than the " + ModelFile.MAX_TEXT_BYTES + " a text entry may hold", null);
    }
    byte[] bytes = new byte[(int) Math.max(e.getSize(), 0)];
    read(e, bytes.length, (buffer, offset, n) -> System.arraycopy(buffer, 0, bytes, (int) offset, n));
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Reads an optional text entry; null if absent. */
  String optionalText(String name) {
    return has(name) ? text(name) : null;
  }

  /**
   * Reads a float entry of exactly {@code into.length} values into the array.
   *
   * @param name the entry
   * @param into where its values go; its length is the number the entry must hold
   * @param what what the values are for, for the message ("the network needs")
   * @throws ModelFileException if it is missing, of another size, corrupted, or holds a value
   *     that is not finite
   */
  void floats(String name, float[] into, String what) {
    ZipEntry e = required(name);
    long expected = (long) into.length * Float.BYTES;
    if (e.getSize() != expected) {
      throw new ModelFileException(where, "'" + name + "' holds " + e.getSize() / Float.BYTES
          + " floats (" + e.getSize() + " bytes) but " + what + " " + into.length, null);
    }
    read(e, expected, (buffer, offset, n) -> ByteBuffer.wrap(buffer, 0, n)
        .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(into, (int) (offset / Float.BYTES),
            n / Float.BYTES));
    for (int i = 0; i < into.length; i++) {
      if (!Float.isFinite(into[i])) {
        // training stops when a loss, gradient, parameter or buffer is not finite: nn4j never
        // writes one
        throw new ModelFileException(where, "'" + name + "' holds a value that is not finite "
            + "(NaN or infinite) at index " + i + ": the file was altered or damaged", null);
      }
    }
  }

  /** Receives the bytes of an entry in chunks whose lengths are multiples of 4. */
  private interface Chunks {
    void accept(byte[] buffer, long offset, int length);
  }

  /** Reads exactly {@code expected} bytes, checks that nothing follows and the CRC-32. */
  private long read(ZipEntry e, long expected, Chunks out) {
    read.add(e.getName());
    byte[] buffer = new byte[1 << 16];
    long total = 0;
    try (CheckedInputStream in = new CheckedInputStream(zip.getInputStream(e), new CRC32())) {
      while (total < expected) {
        int want = (int) Math.min(buffer.length, expected - total);
        int n = in.readNBytes(buffer, 0, want);
        if (n < want) {
          throw new ModelFileException(where, "entry '" + e.getName() + "' holds "
              + (total + n) + " bytes, fewer than the " + expected + " it declares: the file "
              + "is corrupted or truncated", null);
        }
        out.accept(buffer, total, n);
        total += n;
      }
      if (in.read() >= 0) {
        throw new ModelFileException(where, "entry '" + e.getName() + "' holds more than the "
            + expected + " bytes it declares: the file is corrupted", null);
      }
      if (e.getCrc() != -1 && in.getChecksum().getValue() != e.getCrc()) {
        throw new ModelFileException(where, "entry '" + e.getName() + "' is corrupted (its "
            + "CRC-32 does not match)", null);
      }
    } catch (ZipException | IllegalArgumentException ex) {
      throw new ModelFileException(where, "the file is corrupted or truncated ("
          + ex.getMessage() + ")", ex);
    } catch (IOException ex) {
      throw new ModelFileException(where, "cannot read entry '" + e.getName() + "': the file "
          + "is corrupted or truncated (" + ex.getMessage() + ")", ex);
    }
    return total;
  }

  private ZipEntry required(String name) {
    ZipEntry e = entries.get(name);
    if (e == null) {
      throw new ModelFileException(where, "the entry '" + name + "' is missing", null);
    }
    return e;
  }

  /**
   * Refuses the entries nothing read, other than those a reader may skip.
   *
   * @param skippable whether an unread entry of this name is allowed
   * @throws ModelFileException naming the first entry nothing used
   */
  void requireAllRead(java.util.function.Predicate<String> skippable) {
    for (String name : entries.keySet()) {
      if (!read.contains(name) && !skippable.test(name)) {
        throw new ModelFileException(where, "entry '" + name + "' is not part of this "
            + (name.startsWith("optimizer/") ? "checkpoint (its trainer.json lists fewer "
                + "optimizer buffers)" : "model (no parameter of its network has that name)"),
            null);
      }
    }
  }

  @Override
  public void close() {
    try {
      zip.close();
    } catch (IOException e) {
      // nothing was written; closing a file opened for reading cannot lose data
    }
  }
}
