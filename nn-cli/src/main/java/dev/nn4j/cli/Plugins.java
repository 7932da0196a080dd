package dev.nn4j.cli;

import dev.nn4j.api.NnException;
import dev.nn4j.core.PluginRegistry;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The plugin registry of one command: the class path's plugins plus the jars of {@code
 * --plugin-path}.
 *
 * @param registry the plugins
 * @param loader the class loader they were found with
 */
record Plugins(PluginRegistry registry, ClassLoader loader) {

  static Plugins load(List<Path> path) {
    ClassLoader parent = Plugins.class.getClassLoader();
    if (path.isEmpty()) {
      return new Plugins(PluginRegistry.discover(parent), parent);
    }
    List<URL> urls = new ArrayList<>();
    for (Path p : path) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> files = Files.list(p)) {
          for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
            urls.add(url(jar));
          }
        } catch (IOException e) {
          throw new NnException("cannot list the plugin folder " + p + ": " + e);
        }
      } else if (Files.isRegularFile(p)) {
        urls.add(url(p));
      } else {
        throw new NnException("--plugin-path: no such jar or folder: " + p);
      }
    }
    ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), parent);
    return new Plugins(PluginRegistry.discover(loader), loader);
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new NnException("--plugin-path: not a usable path: " + jar);
    }
  }
}
