package dev.nn4j.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Files through Hadoop's {@link FileSystem} API, so that {@code hdfs://}, {@code s3a://}, {@code
 * file:} and plain local paths all work: reading a document, copying a file to and from the
 * local disk, and replacing a file by writing a temporary file beside it and renaming it. Local
 * paths go through the raw local file system, which writes no {@code .crc} side files.
 *
 * <p>Thread-safety: immutable; Hadoop's file systems may be used from several threads.
 */
final class HadoopFiles {

  private final Configuration conf;

  HadoopFiles(Configuration conf) {
    this.conf = conf;
  }

  /** The path, qualified with its file system's scheme and authority. */
  Path qualified(String where) {
    Path path = new Path(where);
    return fs(path).makeQualified(path);
  }

  /** Whether a file or folder is there. */
  boolean exists(String where) {
    Path path = new Path(where);
    try {
      return fs(path).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look at " + where + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a whole text file of at most {@code maxBytes} bytes.
   *
   * @throws FileNotFoundException if it is not there
   */
  String readText(String where, long maxBytes) throws IOException {
    Path path = new Path(where);
    FileSystem fs = fs(path);
    long size = fs.getFileStatus(path).getLen();
    if (size > maxBytes) {
      throw new IOException(where + " has " + size + " bytes, more than " + maxBytes);
    }
    try (InputStream in = fs.open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Copies a file to the local disk. @throws FileNotFoundException if it is not there */
  void copyToLocal(String where, java.nio.file.Path local) throws IOException {
    Path path = new Path(where);
    try (InputStream in = fs(path).open(path)) {
      Files.copy(in, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Replaces {@code where} with a local file's bytes: written to a hidden temporary file in the
   * same folder, then renamed over the target, so that a reader sees the old file or the new one
   * (on HDFS and local disks; object stores such as S3 copy on rename). The temporary file is
   * removed if anything fails.
   */
  void replaceWith(java.nio.file.Path local, String where) throws IOException {
    Path target = new Path(where);
    FileSystem fs = fs(target);
    Path parent = target.getParent();
    if (parent != null && !fs.exists(parent)) {
      throw new FileNotFoundException("the folder " + parent + " does not exist");
    }
    Path temporary = new Path(parent, "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    boolean done = false;
    try {
      fs.copyFromLocalFile(false, true, new Path(local.toUri()), temporary);
      if (fs.exists(target) && !fs.delete(target, false)) {
        throw new IOException("cannot replace " + target);
      }
      if (!fs.rename(temporary, target)) {
        throw new IOException("cannot rename " + temporary + " to " + target);
      }
      done = true;
    } finally {
      if (!done) {
        fs.delete(temporary, false);
      }
    }
  }

  private FileSystem fs(Path path) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
    } catch (IOException e) {
      throw new UncheckedIOException("no file system for " + path + ": " + e.getMessage(), e);
    }
  }
}
