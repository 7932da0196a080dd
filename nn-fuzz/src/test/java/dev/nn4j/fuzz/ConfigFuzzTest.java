package dev.nn4j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.nn4j.api.ConfigException;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.config.ConfigLimits;
import dev.nn4j.core.config.ConfigReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Any bytes given to the config reader, as YAML and as JSON, either read or fail with a
 * ConfigException: never another exception, a StackOverflowError or an OutOfMemoryError. Jazzer
 * reports anything else as a finding. Regression inputs live in
 * {@code src/test/resources/dev/nn4j/fuzz/ConfigFuzzTestInputs/}.
 */
class ConfigFuzzTest {

  private static final ConfigReader READER = new ConfigReader(PluginRegistry.discover(),
      ConfigLimits.DEFAULTS);

  @FuzzTest(maxDuration = "30s")
  void yamlNeverFailsWithAnythingButAConfigException(byte[] data) {
    read(new String(data, StandardCharsets.UTF_8), "fuzz.yaml");
  }

  @FuzzTest(maxDuration = "30s")
  void jsonNeverFailsWithAnythingButAConfigException(byte[] data) {
    read(new String(data, StandardCharsets.UTF_8), "fuzz.json");
  }

  private static void read(String text, String name) {
    try {
      READER.read(text, name, Path.of("/nonexistent-nn4j-fuzz"));
    } catch (ConfigException expected) {
      // the only way a bad document may fail
    }
  }
}
