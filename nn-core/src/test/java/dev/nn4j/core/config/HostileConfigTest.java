package dev.nn4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.nn4j.api.ConfigException;
import dev.nn4j.core.PluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;

/** Hostile and broken documents are refused with a ConfigException that says where and why. */
class HostileConfigTest {

  private static final ConfigReader READER = new ConfigReader(PluginRegistry.discover(),
      ConfigLimits.DEFAULTS);

  private static ThrowableAssertAlternative<ConfigException> refused(String text, String name) {
    return assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> READER.read(text, name, Path.of(".")));
  }

  private static final String DATA = "data: {features: [[1]], targets: [[1]]}\n";

  @Test
  void deepNestingIsRefusedWithoutAStackOverflow() {
    String deep = "a: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
    refused(deep, "deep.yaml").withMessageStartingWith("deep.yaml:1:")
        .withMessageContaining("nesting depth");
    refused("{\"a\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}", "deep.json")
        .withMessageContaining("nesting depth");
  }

  @Test
  void longStringsAndNumbersAreRefused() {
    refused("name: " + "x".repeat(100_000) + "\n" + DATA, "s.yaml")
        .withMessageContaining("String value length");
    refused("network: {inputs: 1" + "0".repeat(1000) + "}\n", "n.yaml")
        .withMessageContaining("Number value length");
  }

  @Test
  void aDocumentOverTheSizeLimitIsRefusedBeforeParsing() {
    ConfigReader small = new ConfigReader(PluginRegistry.discover(),
        new ConfigLimits(100, 32, 1000, 64, 10, 100, 1 << 20));
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> small.read("# " + "x".repeat(200) + "\n" + DATA, "big.yaml", null))
        .withMessageContaining("more than the limit of 100 (nn4j.config.maxDocumentChars)");
  }

  @Test
  void networksTooLargeForTheBudgetAreRefusedBeforeAllocating() {
    refused("network: {inputs: 2000000, layers: [{units: 1}]}\n" + DATA, "wide.yaml")
        .withMessageContaining("network.inputs: 2000000 inputs are more than the limit of 1048576");
    refused("network: {inputs: 1, layers: [{units: 1048577}]}\n" + DATA, "units.yaml")
        .withMessageContaining("network.layers[0].units: 1048577 units are more than the limit");
    refused("network:\n  inputs: 1000000\n  layers:\n    - {units: 1000000}\n" + DATA,
        "budget.yaml")
        .withMessageStartingWith("budget.yaml:4:7: network.layers[0]: ")
        .withMessageContaining("more than the budget of 4294967296 (nn4j.config.maxParameterBytes)");
    String many = "network: {inputs: 1, layers: [" + "{units: 1},".repeat(1001) + "]}\n" + DATA;
    refused(many, "many.yaml").withMessageContaining("1001 layers are more than the limit of 1000");
  }

  @Test
  void yamlAliasesAndMergeKeysAreRefusedNotReadAsText() {
    refused("network:\n  inputs: &n 2\n  layers: [{units: *n}]\n" + DATA, "alias.yaml")
        .withMessageStartingWith("alias.yaml:3:")
        .withMessageContaining("network.layers[0].units: YAML aliases (*n) are not supported");
    refused("base: &b {units: 1}\nnetwork: {inputs: 1, layers: [{<<: *b}]}\n" + DATA,
        "merge.yaml")
        .withMessageContaining("network.layers[0].<<: YAML merge keys (<<) are not supported");
  }

  @Test
  void everyRejectionIsAConfigExceptionNotAJacksonException() {
    String[] hostile = {"{", "a: [", "!!java.lang.Runtime {}", "\t: x", "a: b: c", "[1, 2",
        "\"\\uZZZZ\"", "network: {inputs: 1, layers: [{units: !!float x}]}"};
    for (String text : hostile) {
      refused(text, "h.yaml").satisfies(e -> assertThat(e.getMessage()).startsWith("h.yaml"));
    }
  }

  /** No mapper in the code base may turn on polymorphic typing from class names. */
  @Test
  void noSourceEnablesDefaultTypingOrTypeIds() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    try (Stream<Path> files = Files.walk(root)) {
      var offenders = files
          .filter(p -> p.toString().endsWith(".java") && p.toString().contains("src" + java.io
              .File.separator + "main"))
          .filter(p -> {
            try {
              String text = Files.readString(p);
              return text.contains("activateDefaultTyping") || text.contains("enableDefaultTyping")
                  || text.contains("@JsonTypeInfo") || text.contains("ObjectInputStream");
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
          })
          .toList();
      assertThat(offenders).as("sources that enable Jackson default typing, type ids or Java "
          + "serialization").isEmpty();
    }
  }
}
