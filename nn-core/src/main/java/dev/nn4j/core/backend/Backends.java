package dev.nn4j.core.backend;

import dev.nn4j.api.NnException;
import dev.nn4j.api.spi.Backend;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds compute backends with {@link ServiceLoader} and chooses one: the one forced by name (from
 * Java, YAML, or the system property {@value #PROPERTY}), else the available one of highest rank.
 * When a better backend is installed but unavailable (the Vector API one without {@code
 * --add-modules jdk.incubator.vector}), the choice is logged once, with how to enable it.
 *
 * <p>Thread-safety: stateless apart from the preferred backend, computed once and immutable.
 */
public final class Backends {

  /** The system property that forces a backend by name. */
  public static final String PROPERTY = "nn4j.backend";

  private Backends() {}

  /**
   * Returns the backends visible to a class loader, highest rank first.
   *
   * @param loader where to look
   * @return every installed backend, available or not
   * @throws NnException if a backend's constructor rejects a setting it reads, such as {@code
   *     nn4j.threads}
   */
  public static List<Backend> installed(ClassLoader loader) {
    List<Backend> all = new ArrayList<>();
    try {
      ServiceLoader.load(Backend.class, loader).forEach(all::add);
    } catch (ServiceConfigurationError e) {
      if (e.getCause() instanceof NnException mistake) {
        throw mistake; // a setting the backend's constructor read, such as nn4j.threads
      }
      throw e;
    }
    all.sort(Comparator.comparingInt(Backend::rank).reversed());
    return all;
  }

  /**
   * Chooses a backend.
   *
   * @param name the backend to force, or null to take the system property, else the best
   * @param loader where to look
   * @return the backend
   * @throws NnException if a forced backend is not installed or not available, or as {@link
   *     #installed}
   */
  public static Backend choose(String name, ClassLoader loader) {
    List<Backend> all = installed(loader);
    String forced = name != null ? name : System.getProperty(PROPERTY);
    if (forced != null && !forced.isBlank()) {
      for (Backend b : all) {
        if (b.name().equals(forced)) {
          if (!b.isAvailable()) {
            throw new NnException("the backend '" + forced + "' is not available: "
                + b.unavailableReason());
          }
          return b;
        }
      }
      throw new NnException("unknown backend '" + forced + "'; installed backends: "
          + String.join(", ", all.stream().map(Backend::name).toList()));
    }
    for (Backend b : all) {
      if (b.isAvailable()) {
        return b;
      }
      System.getLogger(Backends.class.getName()).log(System.Logger.Level.INFO,
          "nn4j: the " + b.name() + " backend is installed but not available ("
              + b.unavailableReason() + "); using a slower one");
    }
    return new JavaBackend();
  }

  /**
   * Makes a backend of the host's own: the one {@code name} forces (else, as {@link #choose},
   * the system property, else the best available), with at most {@code threads} threads, made by
   * {@code factory}. Give it to {@code Network.Builder.backend}, {@code ModelFile.load} or {@code
   * Training.Builder.backend}, and close it when done: its threads end.
   *
   * @param name the backend to force, or null
   * @param threads the most threads one product or loop may use, the caller's included
   * @param factory makes the backend's threads
   * @return a new backend
   * @throws NnException as {@link #choose}
   */
  public static Backend create(String name, int threads, java.util.concurrent.ThreadFactory factory) {
    return choose(name, Backends.class.getClassLoader()).withThreads(threads, factory);
  }

  /**
   * Returns the backend networks use unless told otherwise: chosen once, with the class loader
   * of nn-core.
   *
   * @return the preferred backend
   * @throws NnException if the system properties ask for a backend that cannot be had ({@value
   *     #PROPERTY} naming an unknown or unavailable one, {@code nn4j.threads} not a whole number
   *     of at least 1), at every call
   */
  public static Backend preferred() {
    Choice choice = Preferred.CHOICE;
    if (choice.problem() != null) {
      throw new NnException(choice.problem().getMessage(), choice.problem());
    }
    return choice.backend();
  }

  /** The preferred backend, or why there is none. */
  private record Choice(Backend backend, NnException problem) {}

  /**
   * Chooses the preferred backend on first use (the holder idiom), keeping a failure to choose
   * as a value: thrown from the class's initialiser, it would reach the user as an
   * ExceptionInInitializerError with a stack trace, and later calls as NoClassDefFoundError.
   */
  private static final class Preferred {
    static final Choice CHOICE = choose();

    private static Choice choose() {
      try {
        return new Choice(Backends.choose(null, Backends.class.getClassLoader()), null);
      } catch (NnException e) {
        return new Choice(null, e);
      }
    }
  }
}
