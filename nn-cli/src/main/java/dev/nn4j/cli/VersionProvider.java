package dev.nn4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * What {@code --version} prints, for {@code nn4j} and every subcommand: {@code nn4j VERSION}.
 *
 * <p>The version is the {@code Implementation-Version} of the jar's manifest; when the classes
 * do not come from a jar (the tests, an IDE) it is the one the build wrote into
 * {@code version.properties}. Both come from the project's version, so they never differ.
 *
 * <p>Thread-safety: stateless.
 */
final class VersionProvider implements CommandLine.IVersionProvider {

  /** Returns the nn4j version, as the build stamped it. */
  static String version() {
    String fromManifest = Main.class.getPackage().getImplementationVersion();
    if (fromManifest != null) {
      return fromManifest;
    }
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("no Implementation-Version in the manifest and no "
            + "dev/nn4j/cli/version.properties: build nn4j with Maven");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"nn4j " + version()};
  }
}
