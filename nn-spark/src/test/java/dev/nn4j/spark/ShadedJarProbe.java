package dev.nn4j.spark;

import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import java.nio.file.Path;

/**
 * Run by SparkSubmitIT in a child JVM on the shaded jar alone (with an old jackson-annotations
 * first): reads a YAML config and a model file, and says which annotations it sees and where
 * nn4j's reader came from.
 */
final class ShadedJarProbe {

  private ShadedJarProbe() {}

  public static void main(String[] args) {
    try {
      Class.forName("com.fasterxml.jackson.annotation.JsonSerializeAs");
      System.out.println("annotations: with JsonSerializeAs");
    } catch (ClassNotFoundException e) {
      System.out.println("annotations: without JsonSerializeAs");
    }
    PluginRegistry registry = PluginRegistry.discover();
    ModelSpec spec = new ConfigReader(registry).read(Path.of(args[0]));
    Model model = ModelFile.load(Path.of(args[1]), registry);
    System.out.println("read config " + spec.name() + " and a model of "
        + model.network().layers().size() + " layers with "
        + ConfigReader.class.getProtectionDomain().getCodeSource().getLocation().getPath());
  }
}
