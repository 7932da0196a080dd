package dev.nn4j.cli;

import dev.nn4j.api.NnException;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.model.AtomicWrite;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The plugin registry of one command: the class path's plugins plus the jars of {@code
 * --plugin-path}.
 *
 * @param registry the plugins
 * @param loader the class loader they were found with
 * @param jars the jars the command reads its code from: those of {@code --plugin-path} (listed
 *     or in a listed folder) and those of the class path (nn4j's own and the plugins folder's);
 *     inputs of the run, which no output may replace
 */
record Plugins(PluginRegistry registry, ClassLoader loader, List<Path> jars) {

  Plugins {
    jars = List.copyOf(jars);
  }

  static Plugins load(List<Path> path) {
    ClassLoader parent = Plugins.class.getClassLoader();
    List<Path> jars = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (isJar(entry) && Files.isRegularFile(Path.of(entry))) {
        requireJar(Path.of(entry), "the class path (the plugins folder, or $NN4J_PLUGINS)");
        jars.add(Path.of(entry));
      }
    }
    if (path.isEmpty()) {
      return new Plugins(PluginRegistry.discover(parent), parent, jars);
    }
    List<URL> urls = new ArrayList<>();
    for (Path p : path) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> files = Files.list(p)) {
          for (Path jar : files.filter(f -> isJar(f.toString())).sorted().toList()) {
            requireJar(jar, "--plugin-path");
            urls.add(url(jar));
            jars.add(jar);
          }
        } catch (IOException e) {
          throw new NnException("cannot list the plugin folder " + Text.escape(p.toString()) + ": "
              + AtomicWrite.reason(e));
        }
      } else if (Files.isRegularFile(p)) {
        requireJar(p, "--plugin-path");
        urls.add(url(p));
        jars.add(p);
      } else if (Files.exists(p)) {
        throw new NnException("--plugin-path: " + Text.escape(p.toString()) + " is neither a "
            + "jar nor a folder");
      } else {
        throw new NnException("--plugin-path: no such jar or folder: " + Text.escape(p.toString()));
      }
    }
    ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), parent);
    return new Plugins(PluginRegistry.discover(loader), loader, jars);
  }

  /** Whether a file name is a jar's, as the JVM's class path wildcard takes them: .jar or .JAR. */
  private static boolean isJar(String name) {
    return name.endsWith(".jar") || name.endsWith(".JAR");
  }

  /**
   * Declares the jars as inputs of a run, so that no output replaces one.
   *
   * @param files the run's files
   * @return {@code files}
   */
  RunFiles declareJars(RunFiles files) {
    for (Path jar : jars) {
      files.input("a plugin jar (--plugin-path, the plugins folder or nn4j's class path)", jar,
          null);
    }
    return files;
  }

  /**
   * A jar the class loader would skip without a word: one that is not a zip archive, an empty
   * one, or one whose zip directory cannot be read (truncated or damaged). Reads its first four
   * bytes and its zip directory.
   */
  private static void requireJar(Path jar, String where) {
    byte[] magic;
    try (InputStream in = Files.newInputStream(jar)) {
      magic = in.readNBytes(4);
    } catch (IOException e) {
      throw new NnException(where + ": cannot read the jar " + jar + ": " + e.getMessage());
    }
    if (magic.length == 0) {
      throw new NnException(where + ": the jar " + jar + " is empty (0 bytes); replace it with "
          + "the plugin's jar, or remove it");
    }
    boolean zip = magic.length == 4 && magic[0] == 'P' && magic[1] == 'K';
    if (zip && magic[2] == 5 && magic[3] == 6) {
      throw new NnException(where + ": the jar " + jar + " is an empty zip archive, holding no "
          + "plugin; replace it with the plugin's jar, or remove it");
    }
    if (!zip || magic[2] != 3 || magic[3] != 4) {
      throw new NnException(where + ": " + jar + " is not a jar (not a zip archive); replace "
          + "it with the plugin's jar, or remove it");
    }
    try (ZipFile archive = new ZipFile(jar.toFile())) {
      archive.size();
    } catch (IOException e) {
      throw new NnException(where + ": " + jar + " is not a readable jar (its zip directory is "
          + "missing or damaged: the file is truncated or corrupted); replace it with the "
          + "plugin's jar, or remove it");
    }
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new NnException("--plugin-path: not a usable path: " + jar);
    }
  }
}
