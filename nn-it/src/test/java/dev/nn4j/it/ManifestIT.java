package dev.nn4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every published library jar that nn4j-all brings, nn-onnx and nn-testkit, as Failsafe sees them after
 * {@code package}: the module name the JDK derives from its {@code Automatic-Module-Name}, the
 * version and title in its manifest, the licence files inside it, and the sources and Javadoc
 * jars built beside it.
 */
class ManifestIT {

  @ParameterizedTest
  @CsvSource({
      "dev.nn4j.api.PluginKind, dev.nn4j.api",
      "dev.nn4j.core.PluginRegistry, dev.nn4j.core",
      "dev.nn4j.activations.EluProvider, dev.nn4j.activations",
      "dev.nn4j.losses.BinaryCrossEntropyProvider, dev.nn4j.losses",
      "dev.nn4j.optimizers.SgdProvider, dev.nn4j.optimizers",
      "dev.nn4j.layers.Conv2dProvider, dev.nn4j.layers",
      "dev.nn4j.onnx.OnnxExport, dev.nn4j.onnx",
      "dev.nn4j.backend.vector.VectorBackend, dev.nn4j.backend.vector",
      "dev.nn4j.testkit.PluginContract, dev.nn4j.testkit"})
  void theJarNamesItsModuleAndVersionAndHasItsSourcesAndJavadoc(String className,
      String moduleName) throws ClassNotFoundException, IOException, URISyntaxException {
    String version = System.getProperty("nn4j.expectedVersion");
    Path jar = Path.of(Class.forName(className).getProtectionDomain().getCodeSource()
        .getLocation().toURI());
    assertTrue(Files.isRegularFile(jar), () -> className + " comes from " + jar
        + ", not from a jar: run the integration tests after package");

    List<String> derived = ModuleFinder.of(jar).findAll().stream()
        .map(ModuleReference::descriptor).map(d -> d.name()).toList();
    assertEquals(List.of(moduleName), derived);

    try (JarFile file = new JarFile(jar.toFile())) {
      Attributes main = file.getManifest().getMainAttributes();
      assertEquals(moduleName, main.getValue("Automatic-Module-Name"));
      assertEquals(version, main.getValue("Implementation-Version"));
      assertNotNull(main.getValue("Implementation-Title"));
      assertNotNull(file.getEntry("META-INF/LICENSE"), "LICENSE in " + jar);
      assertNotNull(file.getEntry("META-INF/NOTICE"), "NOTICE in " + jar);
    }
    String base = jar.getFileName().toString().replaceFirst("\\.jar$", "");
    assertTrue(Files.isRegularFile(jar.resolveSibling(base + "-sources.jar")), base);
    assertTrue(Files.isRegularFile(jar.resolveSibling(base + "-javadoc.jar")), base);
  }
}
