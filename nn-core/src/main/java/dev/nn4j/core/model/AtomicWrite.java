package dev.nn4j.core.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces a file atomically, so that a reader (or a machine that loses power) sees the old
 * file or the new one, never a part of one. Model files, checkpoints and charts are all saved
 * through it.
 *
 * <p>Contracts:
 *
 * <ul>
 *   <li>The content goes to a temporary file in the target's folder named
 *       {@code .nn4j-PID-RANDOM.tmp} (short whatever the target's name, so a target with the
 *       longest name the file system allows can be written); the temporary file is synced to
 *       disk, renamed over the target, and the folder is synced after the rename.
 *   <li>A new file gets the permissions the process's umask gives; a replaced file keeps its
 *       permissions.
 *   <li>Only a regular file is replaced. A symbolic link to a regular file is followed: its
 *       target is replaced and the link stays. Anything else (a folder, a device, a dangling or
 *       otherwise irregular link) is refused with an {@link IOException} and left untouched.
 *   <li>Temporary files of this naming left by processes that no longer run (killed during a
 *       save) are deleted by the next save into the same folder, as are the
 *       {@code .NAME<digits>.tmp} and {@code .chart<digits>.png} files earlier versions left.
 *   <li>On any failure the temporary file is deleted and the target is left as it was.
 * </ul>
 *
 * <p>Thread-safety: stateless; concurrent writes to one target leave one of them whole.
 */
public final class AtomicWrite {

  /** The start of every temporary file's name. */
  public static final String TEMP_PREFIX = ".nn4j-";
  private static final Pattern LEGACY_CHART = Pattern.compile("\\.chart\\d+\\.png");
  private static final Pattern TEMP = Pattern.compile("\\.nn4j-(\\d{1,19})-[0-9a-f]{1,16}\\.tmp");

  /** Writes the content of a file to a stream. */
  @FunctionalInterface
  public interface Content {
    /**
     * Writes the whole content.
     *
     * @param out the stream; closed by the caller
     * @throws IOException if writing fails
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /** Opens the stream a write goes through; tests inject failures with it. */
  @FunctionalInterface
  interface Opener {
    OutputStream open(Path temp) throws IOException;
  }

  private AtomicWrite() {}

  /**
   * Replaces (or creates) a file atomically with the given content.
   *
   * @param file the target
   * @param content writes the new content
   * @throws IOException if the target is not a regular file (or a link to one), or the content
   *     cannot be written; the target is then as it was
   */
  public static void write(Path file, Content content) throws IOException {
    write(file, temp -> Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE), content);
  }

  static void write(Path file, Opener opener, Content content) throws IOException {
    Path target = target(file);
    Path folder = target.getParent();
    Files.createDirectories(folder);
    cleanStale(folder, target.getFileName().toString());
    Set<PosixFilePermission> mode = null;
    if (Files.exists(target)
        && Files.getFileAttributeView(target, PosixFileAttributeView.class) != null) {
      mode = Files.getPosixFilePermissions(target);
    }
    Path temp = folder.resolve(TEMP_PREFIX + ProcessHandle.current().pid() + "-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
    boolean moved = false;
    try {
      try (OutputStream out = opener.open(temp)) {
        content.writeTo(out);
      }
      if (mode != null) {
        Files.setPosixFilePermissions(temp, mode);
      }
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
      syncFolder(folder);
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /**
   * Returns the file a write to {@code file} replaces: the file itself, or the regular file a
   * symbolic link points at.
   *
   * @param file the path named by the user or a config
   * @return the absolute path to replace
   * @throws IOException if it exists and is neither a regular file nor a link to one
   */
  public static Path target(Path file) throws IOException {
    Path absolute = file.toAbsolutePath().normalize();
    if (Files.isSymbolicLink(absolute)) {
      if (!Files.isRegularFile(absolute)) {
        throw new FileSystemException(file.toString(), null, "is a symbolic link to something "
            + "other than a regular file; refusing to replace it");
      }
      return absolute.toRealPath();
    }
    if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(absolute, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileSystemException(file.toString(), null, "exists and is not a regular file ("
          + (Files.isDirectory(absolute) ? "a folder" : "a device or other special file")
          + "); refusing to replace it");
    }
    if (absolute.getParent() == null) {
      throw new FileSystemException(file.toString(), null, "is not a file name");
    }
    return absolute;
  }

  /**
   * Says why an I/O operation failed in words, without exception class names.
   *
   * @param e the failure
   * @return a short reason such as {@code /x/y: permission denied}
   */
  public static String reason(IOException e) {
    if (e instanceof NoSuchFileException n) {
      return (n.getFile() == null ? "" : n.getFile() + ": ") + "no such file or folder";
    }
    if (e instanceof AccessDeniedException a) {
      return (a.getFile() == null ? "" : a.getFile() + ": ") + "permission denied";
    }
    if (e instanceof FileSystemException f) {
      return (f.getFile() == null ? "" : f.getFile() + ": ")
          + (f.getReason() == null ? "cannot be written" : f.getReason());
    }
    return e.getMessage() == null ? "input/output error" : e.getMessage();
  }

  /** Deletes our temporary files left by processes that no longer run. */
  static void cleanStale(Path folder, String targetName) {
    long self = ProcessHandle.current().pid();
    Pattern legacy = Pattern.compile(Pattern.quote("." + targetName) + "\\d+\\.tmp");
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder,
        f -> f.getFileName().toString().startsWith("."))) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        Matcher m = TEMP.matcher(name);
        boolean stale = false;
        if (m.matches()) {
          long pid = Long.parseLong(m.group(1));
          stale = pid != self && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } else if (legacy.matcher(name).matches() || LEGACY_CHART.matcher(name).matches()) {
          stale = true;
        }
        if (stale && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(f);
        }
      }
    } catch (IOException | RuntimeException e) {
      // cleaning is a courtesy: an unreadable folder fails the write itself, with its reason
    }
  }

  private static void syncFolder(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // not every platform can sync a folder; the file itself was synced before the rename
    }
  }
}
