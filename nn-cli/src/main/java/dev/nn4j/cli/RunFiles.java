package dev.nn4j.cli;

import dev.nn4j.api.NnException;
import dev.nn4j.core.model.AtomicWrite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files one run reads and writes, checked before any work starts so that no file is lost:
 *
 * <ul>
 *   <li>no output is one of the run's inputs (compared as real paths, and with
 *       {@link Files#isSameFile} where both exist, so links and {@code ..} do not hide it), nor
 *       another of its outputs;
 *   <li>an output that exists is a regular file or a link to one (see {@link AtomicWrite});
 *   <li>an output is a file name: a name ending in {@code /}, or one that is an existing folder,
 *       is refused ({@link #outputPath});
 *   <li>paths and names taken from a config stay inside the config's folder: a downloaded
 *       config cannot write elsewhere unless the user says so on the command line; a file name
 *       nn4j chooses itself (from the config's {@code name}, or beside {@code --out}) must not
 *       be a link ({@link #chosenOutput}): only a name the user gives is written through one.
 * </ul>
 *
 * <p>An input that is also the output it is allowed to be (the checkpoint a run resumes from
 * and writes again) is declared with {@link #input(String, Path, String)}'s {@code except}.
 *
 * <p>Thread-safety: one instance checks one run, on one thread.
 */
final class RunFiles {

  private record Input(String what, Path path, String except) {}

  /**
   * One output; {@code option} is the command-line option that names it instead when nn4j
   * chose its name, or null when the user named it.
   */
  private record Output(String what, Path path, boolean mustBeWritable, String option) {}

  /** The longest file name, in bytes, that the common file systems take (ext4, XFS, APFS). */
  static final int MAX_NAME = 255;

  private final List<Input> inputs = new ArrayList<>();
  private final List<Output> outputs = new ArrayList<>();

  /**
   * Declares a file the run reads.
   *
   * @param what how the user names it, such as {@code the config} or {@code data.file}
   * @param path the file; null is ignored
   * @param except the output it may also be, by its {@code what}, or null
   * @return this
   */
  RunFiles input(String what, Path path, String except) {
    if (path != null) {
      inputs.add(new Input(what, path, except));
    }
    return this;
  }

  /**
   * Declares a file the run writes.
   *
   * @param what how the user names it, such as {@code --out}
   * @param path the file; null is ignored
   * @param mustBeWritable whether an existing non-regular file there is an error now (true) or
   *     left to fail when written (a chart, whose failure is only a warning)
   * @return this
   */
  RunFiles output(String what, Path path, boolean mustBeWritable) {
    if (path != null) {
      outputs.add(new Output(what, path, mustBeWritable, null));
    }
    return this;
  }

  /**
   * Declares a file the run writes whose name nn4j chose (from the config's {@code name}, or
   * beside the model), not the user: besides {@link #output}'s checks, it must not be a link, so
   * that a link planted there cannot lead the write elsewhere.
   *
   * @param what how the user names it, such as {@code the chart}
   * @param path the file; null is ignored
   * @param mustBeWritable as for {@link #output}
   * @param option what the user may pass to name the file instead, for the message
   * @return this
   */
  RunFiles chosenOutput(String what, Path path, boolean mustBeWritable, String option) {
    if (path != null) {
      outputs.add(new Output(what, path, mustBeWritable, option));
    }
    return this;
  }

  /**
   * Returns the path a command-line option names as a file to write.
   *
   * @param option the option, such as {@code --out}
   * @param value its value as given; null gives null
   * @return the path
   * @throws NnException if the value names a folder (ends with {@code /}) or is not a path
   */
  static Path outputPath(String option, String value) {
    if (value == null) {
      return null;
    }
    if (value.endsWith("/") || value.endsWith(java.io.File.separator)) {
      throw new NnException(option + " " + Text.escape(value) + " names a folder; give a file "
          + "name");
    }
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new NnException(option + " " + Text.escape(value) + " is not a usable file name ("
          + Text.escape(e.getReason()) + ")");
    }
  }

  /**
   * Checks the declared files.
   *
   * @throws NnException naming the output and the input (or output) it would replace
   */
  void check() {
    for (int i = 0; i < outputs.size(); i++) {
      Output out = outputs.get(i);
      if (out.mustBeWritable() && Files.isDirectory(out.path())) {
        throw new NnException(out.what() + " " + Text.escape(out.path().toString()) + " names a "
            + "folder; give a file name");
      }
      Path name = out.path().getFileName();
      if (name != null && name.toString().getBytes(StandardCharsets.UTF_8).length > MAX_NAME) {
        throw new NnException(out.what() + " " + Text.escape(out.path().toString()) + " has a "
            + "name longer than " + MAX_NAME + " bytes, more than file systems allow; give a "
            + "shorter one");
      }
      if (out.option() != null && Files.isSymbolicLink(out.path())) {
        throw new NnException(out.what() + " " + Text.escape(out.path().toString()) + " is a "
            + "link; nn4j chose this name, so it does not write through a link there (remove the "
            + "link, or pass " + out.option() + " to name the file yourself)");
      }
      if (out.mustBeWritable()) {
        try {
          AtomicWrite.target(out.path());
        } catch (IOException e) {
          throw new NnException(out.what() + " " + Text.escape(AtomicWrite.reason(e)));
        }
        Path folder = out.path().toAbsolutePath().normalize().getParent();
        while (folder != null && !Files.exists(folder)) {
          folder = folder.getParent();
        }
        if (folder != null && !Files.isDirectory(folder)) {
          throw new NnException(out.what() + " " + Text.escape(out.path().toString())
              + " cannot be written: " + Text.escape(folder.toString()) + " is not a folder");
        }
      }
      for (Input in : inputs) {
        if (!out.what().equals(in.except()) && same(out.path(), in.path())) {
          throw new NnException(out.what() + " " + Text.escape(out.path().toString()) + " is "
              + in.what() + " of this run; refusing to overwrite an input (choose another "
              + "file)");
        }
      }
      for (int j = 0; j < i; j++) {
        Output other = outputs.get(j);
        if (same(out.path(), other.path())) {
          throw new NnException(out.what() + " and " + other.what() + " are the same file "
              + Text.escape(out.path().toString()) + "; one would overwrite the other");
        }
      }
    }
  }

  /** Whether two paths name the same file: as real paths, or as the same existing file. */
  static boolean same(Path a, Path b) {
    try {
      if (Files.exists(a) && Files.exists(b)) {
        return Files.isSameFile(a, b);
      }
      return real(a).equals(real(b));
    } catch (IOException e) {
      return real(a).equals(real(b));
    }
  }

  /**
   * The absolute, normalized path with its existing parts' links resolved, a dangling link
   * included (followed to where a write through it would create the file).
   */
  private static Path real(Path p) {
    Path absolute = p.toAbsolutePath().normalize();
    for (int hops = 0; hops < 40; hops++) {
      Path existing = absolute;
      while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
        existing = existing.getParent();
      }
      if (existing == null) {
        return absolute;
      }
      Path rest = existing.relativize(absolute);
      try {
        return existing.toRealPath().resolve(rest);
      } catch (IOException e) {
        if (!Files.isSymbolicLink(existing) || existing.getParent() == null) {
          return absolute;
        }
        try {
          absolute = existing.getParent().resolve(Files.readSymbolicLink(existing)).resolve(rest)
              .normalize();
        } catch (IOException | UnsupportedOperationException unreadable) {
          return absolute;
        }
      }
    }
    return absolute;
  }

  /**
   * Returns a path a config gave, if it stays inside the config's folder.
   *
   * @param config the config file
   * @param key the config key that gave it, such as {@code training.checkpoint.file}
   * @param path the path, already resolved against the config's folder
   * @param option the command-line option that may name a file elsewhere
   * @return the path
   * @throws NnException if it leaves the folder (by {@code ..}, an absolute path or a link);
   *     the message names the key, not the value
   */
  static Path insideConfigFolder(Path config, String key, Path path, String option) {
    Path folder = real(config.toAbsolutePath().getParent());
    if (!real(path).startsWith(folder)) {
      throw new NnException(Text.escape(config.toString()) + ": " + key + " names a file "
          + "outside the config's folder; a config may only write next to itself (pass "
          + option + " to write elsewhere)");
    }
    return path;
  }

  /**
   * Returns the model file a config's {@code name} gives: {@code NAME.nn4j} in the current
   * folder.
   *
   * @param config the config file, for the message
   * @param name the config's name
   * @return the model file
   * @throws NnException if the name is not a plain file name (a folder part, {@code ..}, a
   *     control character); the message does not echo it
   */
  static Path modelFileOf(Path config, String name) {
    boolean plain = !name.isEmpty() && !name.equals(".") && !name.equals("..")
        && name.chars().noneMatch(c -> c == '/' || c == '\\' || Character.isISOControl(c));
    Path file = null;
    if (plain) {
      try {
        file = Path.of(name + ".nn4j");
      } catch (InvalidPathException e) {
        plain = false;
      }
    }
    if (!plain || file.getNameCount() != 1) {
      throw new NnException(Text.escape(config.toString()) + ": name must be a plain file name "
          + "(no folders, no control characters) to name the model file; pass --out MODEL to "
          + "choose the file");
    }
    return file;
  }
}
