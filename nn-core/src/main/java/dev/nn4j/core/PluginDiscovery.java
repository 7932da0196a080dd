package dev.nn4j.core;

import dev.nn4j.api.PluginException;
import dev.nn4j.api.PluginKind;
import dev.nn4j.api.spi.PluginProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds plugin providers with {@link ServiceLoader}, on demand, over a class loader the caller
 * chooses. Nothing is cached and nothing is skipped: a provider that cannot be loaded is an error
 * naming its class and the jar that listed it.
 *
 * <p>Thread-safety: stateless; every call does its own lookup.
 */
public final class PluginDiscovery {

  private PluginDiscovery() {}

  /**
   * Loads every activation, loss and optimizer provider visible to {@code loader}.
   *
   * @param loader where to look; its {@code META-INF/services} files list the providers
   * @return the providers, in the order the service files list them, kinds in {@link PluginKind}
   *     order
   * @throws PluginException if any provider is missing, of the wrong type, or throws in its
   *     constructor; the message names every such class, why it failed and the service file (and
   *     so the jar) that lists it, after looking at all the others
   */
  public static List<PluginProvider<?, ?>> discover(ClassLoader loader) {
    List<PluginProvider<?, ?>> providers = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (PluginKind kind : PluginKind.values()) {
      var iterator = ServiceLoader.load(kind.providerType(), loader).iterator();
      while (true) {
        try {
          if (!iterator.hasNext()) {
            break;
          }
          providers.add(iterator.next());
        } catch (ServiceConfigurationError e) {
          problems.add(e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")")
              + listedBy(kind, loader, e.getMessage()));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new PluginException("cannot load " + problems.size() + " plugin"
          + (problems.size() == 1 ? "" : "s") + ": " + String.join("; ", problems)
          + ". Remove the jar that lists it from the class path, or fix it.");
    }
    return providers;
  }

  /**
   * Returns where a class was loaded from: its jar or class folder, or a placeholder when the JVM
   * does not say (classes of the boot loader, classes defined at run time).
   *
   * @param type any class
   * @return a jar path or URL, for messages and {@code nn4j plugins}
   */
  public static String origin(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return "(unknown location)";
    }
    URL url = source.getLocation();
    return "file".equals(url.getProtocol()) ? url.getPath() : url.toString();
  }

  /**
   * Names the service files that list the class named in a ServiceLoader error, since the error
   * itself does not say which jar is at fault.
   */
  private static String listedBy(PluginKind kind, ClassLoader loader, String error) {
    List<String> files = new ArrayList<>();
    try {
      Enumeration<URL> urls = loader.getResources("META-INF/services/" + kind.providerType().getName());
      while (urls.hasMoreElements()) {
        URL url = urls.nextElement();
        for (String className : listedClasses(url)) {
          if (error != null && error.contains(className)) {
            files.add(className + " is listed in " + url);
          }
        }
      }
    } catch (IOException e) {
      return " (the service files could not be read to find which jar lists it: " + e + ")";
    }
    return files.isEmpty() ? "" : " (" + String.join("; ", files) + ")";
  }

  private static List<String> listedClasses(URL serviceFile) throws IOException {
    List<String> names = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(serviceFile.openStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        int hash = line.indexOf('#');
        String name = (hash >= 0 ? line.substring(0, hash) : line).trim();
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
    }
    return names;
  }
}
