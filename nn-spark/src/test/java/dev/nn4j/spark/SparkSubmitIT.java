package dev.nn4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.LayerNode;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user runs: {@code spark-submit --class dev.nn4j.spark.TrainMain --jars plugin.jar
 * nn-spark-VERSION-spark.jar ...}, here as {@code org.apache.spark.deploy.SparkSubmit} in a
 * child JVM whose class path is Spark's own (the provided dependencies); the config uses the
 * example plugin's {@code mish} activation and {@code scale} layer, which only {@code --jars}
 * provides. Then a plain JVM with jackson-annotations 2.18 first (as Spark 4.0 clusters have it;
 * Spark 4.2's own Jackson cannot start with it) reads the config and the model with the shaded
 * jar.
 */
class SparkSubmitIT {

  static final String CONFIG = """
      name: iris-plugin
      network:
        inputs: 4
        seed: 3
        layers:
          - units: 8
            activation: mish
          - type: scale
            gain: 0.5
          - units: 3
            activation: softmax
      loss: categorical_cross_entropy
      optimizer:
        type: adam
        learningRate: 0.05
      training:
        epochs: 2
        batchSize: 75
        seed: 1
        distributed: {algorithm: sync, partitions: 2}
      """;

  @TempDir
  Path dir;

  @Test
  void theShadedJarMovesWhatAClusterAlsoHasAndKeepsEveryPluginRegistration()
      throws IOException {
    List<String> names;
    try (ZipFile zip = new ZipFile(System.getProperty("nn4j.sparkJar"))) {
      names = zip.stream().map(e -> e.getName()).toList();
      String layers = new String(zip.getInputStream(
          zip.getEntry("META-INF/services/dev.nn4j.api.spi.LayerProvider")).readAllBytes(),
          StandardCharsets.UTF_8);
      // merged: nn-core's built-in layers and nn-layers' both registered
      assertThat(layers).contains("dev.nn4j.core.layer.BuiltInLayers$Dense")
          .contains("dev.nn4j.layers.Conv2dProvider").doesNotContain("com.example");
    }
    assertThat(names).contains("dev/nn4j/spark/TrainMain.class",
        "dev/nn4j/core/config/ConfigReader.class",
        "dev/nn4j/shaded/tools/jackson/databind/ObjectMapper.class",
        "dev/nn4j/shaded/com/fasterxml/jackson/annotation/JsonSerializeAs.class");
    for (String moved : List.of("tools/", "com/fasterxml/", "org/snakeyaml/", "com/google/common/",
        "org/apache/spark/", "org/apache/hadoop/", "scala/")) {
      assertThat(names).as(moved).noneMatch(n -> n.startsWith(moved));
    }
  }

  @Test
  void trainsThroughSparkSubmitWithAPluginJarAndReadsTheModelWithOldJacksonAnnotations()
      throws Exception {
    Path config = Files.writeString(dir.resolve("iris-plugin.yaml"), CONFIG);
    Path data = TrainMainTest.irisCsv(dir.resolve("iris.csv"));
    Path out = dir.resolve("iris-plugin.nn4j");
    String sparkClasspath = Files.readString(Path.of(System.getProperty("nn4j.sparkClasspath")))
        .trim();

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Collections.addAll(command, System.getProperty("nn4j.sparkJvmOptions").trim().split("\\s+"));
    command.addAll(List.of("-Xmx1g", "-Djava.io.tmpdir=" + dir,
        "-cp", System.getProperty("nn4j.annotations") + File.pathSeparator + sparkClasspath,
        "org.apache.spark.deploy.SparkSubmit",
        "--master", "local[2]",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.local.dir=" + dir,
        "--class", "dev.nn4j.spark.TrainMain",
        "--jars", System.getProperty("nn4j.pluginExample"),
        System.getProperty("nn4j.sparkJar"),
        config.toString(), data.toString(), out.toString()));
    ProcessBuilder submit = new ProcessBuilder(command).directory(dir.toFile());
    submit.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    submit.environment().remove("SPARK_HOME");
    String output = run(dir.resolve("spark-submit.log"), submit);
    assertThat(output).contains("nn4j: wrote " + out).doesNotContain("NoClassDefFoundError");

    Model model = ModelFile.load(out, PluginRegistry.discover());
    assertThat(model.classes()).containsExactly("setosa", "versicolor", "virginica");
    assertThat(model.network().layers().stream().map(LayerNode::type).toList())
        .contains("scale");
    assertThat(model.provenance().toString()).contains("nn-spark sync, 2 partitions");
    assertThat(Arrays.stream(dir.toFile().list()).filter(n -> n.endsWith(".tmp"))).isEmpty();

    // the shaded jar with jackson-annotations 2.18 first: reads the YAML config and the model
    Path probe = dir.resolve("probe");
    Path probeClass = probe.resolve("dev/nn4j/spark/ShadedJarProbe.class");
    Files.createDirectories(probeClass.getParent());
    try (var in = ShadedJarProbe.class.getResourceAsStream("ShadedJarProbe.class")) {
      Files.copy(in, probeClass);
    }
    String oldAnnotations = System.getProperty("nn4j.oldAnnotations");
    assertThat(Path.of(oldAnnotations)).exists();
    String classpath = String.join(File.pathSeparator, oldAnnotations,
        System.getProperty("nn4j.sparkJar"), System.getProperty("nn4j.pluginExample"),
        probe.toString());
    String probed = run(dir.resolve("probe.log"), new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
        "dev.nn4j.spark.ShadedJarProbe", config.toString(), out.toString()));
    assertThat(probed).contains("annotations: without JsonSerializeAs")
        .contains("read config iris-plugin and a model of 3 layers with")
        .contains("-spark.jar");
  }

  /** Runs a child JVM to its end; returns its output, failing on a non-zero exit. */
  private static String run(Path log, ProcessBuilder builder) throws Exception {
    Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = process.waitFor(10, TimeUnit.MINUTES);
    if (!ended) {
      process.destroyForcibly().waitFor();
    }
    String output = Files.readString(log);
    assertThat(ended).as(output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
