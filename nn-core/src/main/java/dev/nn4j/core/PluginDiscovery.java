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
import java.util.HashSet;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds plugin providers with {@link ServiceLoader}, on demand, over a class loader the caller
 * chooses. Nothing is cached and nothing is skipped: a provider that cannot be loaded is an error
 * naming its class and the jar that listed it.
 *
 * <p>Thread-safety: stateless; every call does its own lookup.
 */
public final class PluginDiscovery {

  /** Broken providers reported at most, so that a loop over a failing loader ends. */
  private static final int MAX_PROBLEMS = 100;

  private static final Pattern CLASS_VERSION = Pattern.compile(
      "^(\\S+) has been compiled .*class file version (\\d+)");

  private static final Pattern INSTANTIATED = Pattern.compile(
      "Provider (\\S+) could not be instantiated");

  private PluginDiscovery() {}

  /**
   * Loads every activation, loss and optimizer provider visible to {@code loader}.
   *
   * @param loader where to look; its {@code META-INF/services} files list the providers
   * @return the providers, in the order the service files list them, kinds in {@link PluginKind}
   *     order
   * @throws PluginException if any provider is missing, of the wrong type, compiled for a newer
   *     Java or otherwise cannot be linked, or throws in its constructor or static initializer;
   *     the message names every such class, why it failed and the service file or jar that
   *     holds it, after looking at all the others
   */
  public static List<PluginProvider<?, ?>> discover(ClassLoader loader) {
    List<PluginProvider<?, ?>> providers = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> unlinked = new HashSet<>();
    for (PluginKind kind : PluginKind.values()) {
      var iterator = ServiceLoader.load(kind.providerType(), loader).iterator();
      while (true) {
        try {
          if (!iterator.hasNext()) {
            break;
          }
          providers.add(iterator.next());
        } catch (ServiceConfigurationError e) {
          problems.add(e.getCause() instanceof ExceptionInInitializerError init
              ? staticInitializer(loader, e.getMessage(), init)
              : e.getMessage() + (e.getCause() == null ? ""
                  : " (it threw " + message(e.getCause()) + ")")
                  + listedBy(kind, loader, e.getMessage()));
        } catch (LinkageError e) {
          // ServiceLoader lets these through unwrapped: a class for a newer Java, a missing
          // superclass; the iterator has moved past the class, so the loop goes on
          problems.add(linkage(kind, loader, e, unlinked));
        }
        if (problems.size() >= MAX_PROBLEMS) {
          break;
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
   * Describes a provider whose static initializer threw: the class, its jar and what was thrown,
   * without exception class names.
   */
  private static String staticInitializer(ClassLoader loader, String error,
      ExceptionInInitializerError init) {
    Matcher m = INSTANTIATED.matcher(String.valueOf(error));
    String name = m.find() ? m.group(1) : "a plugin class";
    Throwable thrown = init.getCause() == null ? init : init.getCause();
    return name + " (from " + jarOf(loader, name) + ") is broken: its static initializer threw "
        + message(thrown);
  }

  /** What a plugin's code threw, by its message and never its class: {@code "..."}. */
  private static String message(Throwable thrown) {
    return thrown.getMessage() == null ? "without a message" : "\"" + thrown.getMessage() + "\"";
  }

  /**
   * Describes a provider class the JVM could not link: compiled for a newer Java (by its class
   * file version), or needing a class that cannot be loaded; names the class, its jar and the
   * JVM's reason, without exception class names.
   */
  private static String linkage(PluginKind kind, ClassLoader loader, LinkageError e,
      Set<String> reported) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    Matcher version = CLASS_VERSION.matcher(message);
    if (e instanceof UnsupportedClassVersionError && version.find()) {
      String name = version.group(1).replace('/', '.');
      int major = Integer.parseInt(version.group(2));
      return jarOf(loader, name) + ": plugin class " + name + " needs Java " + (major - 44)
          + " (class file version " + major + "); nn4j runs on Java "
          + Runtime.version().feature();
    }
    String name = unloadable(kind, loader, reported);
    String reason = e instanceof NoClassDefFoundError && !message.isEmpty()
        ? "it needs the class " + message.replace('/', '.') + ", which cannot be loaded (is a "
            + "jar it depends on missing?)"
        : message.isEmpty() ? "the JVM cannot link it" : message;
    return (name == null ? "a plugin class" : jarOf(loader, name) + ": plugin class " + name)
        + " cannot be loaded: " + reason;
  }

  /**
   * The first class a service file of {@code kind} lists that the JVM cannot link and that is not
   * in {@code reported} (to which it is added), or null.
   */
  private static String unloadable(PluginKind kind, ClassLoader loader, Set<String> reported) {
    try {
      Enumeration<URL> urls = loader.getResources("META-INF/services/"
          + kind.providerType().getName());
      while (urls.hasMoreElements()) {
        for (String className : listedClasses(urls.nextElement())) {
          try {
            Class.forName(className, false, loader);
          } catch (LinkageError e) {
            if (reported.add(className)) {
              return className;
            }
          } catch (ClassNotFoundException e) {
            // ServiceLoader reports a missing class itself
          }
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }

  /** The jar (or class folder) a class would be loaded from, as {@link #origin} names it. */
  private static String jarOf(ClassLoader loader, String className) {
    URL url = loader.getResource(className.replace('.', '/') + ".class");
    if (url == null) {
      return "(unknown location)";
    }
    String location = url.toString();
    if (location.startsWith("jar:")) {
      int bang = location.indexOf("!/");
      location = location.substring(4, bang < 0 ? location.length() : bang);
    }
    try {
      URL container = new URL(location);
      return "file".equals(container.getProtocol()) ? container.getPath() : location;
    } catch (java.net.MalformedURLException e) {
      return location;
    }
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
