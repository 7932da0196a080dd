package dev.nn4j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.model.ModelFile;
import dev.nn4j.core.model.ModelFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Any bytes given to the model loader either load or fail with a ModelFileException. Regression
 * inputs live in {@code src/test/resources/dev/nn4j/fuzz/ModelLoaderFuzzTestInputs/}.
 */
class ModelLoaderFuzzTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();

  @FuzzTest(maxDuration = "30s")
  void anyBytesLoadOrFailWithAModelFileException(byte[] data) throws IOException {
    Path file = Files.createTempFile("nn4j-fuzz", ".nn4j");
    try {
      Files.write(file, data);
      ModelFile.load(file, REGISTRY);
    } catch (ModelFileException expected) {
      // the only way a bad model file may fail
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
