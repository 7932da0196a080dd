package dev.nn4j.spark;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.NnException;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.ModelFile;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model as its own {@code .nn4j} file's bytes, which is what travels to executors (nn4j's records
 * are not serializable); each executor task loads it once, with the plugins installed there.
 *
 * <p>Thread-safety: {@link #predict} may be called from several threads; the model is loaded
 * once.
 */
final class ModelBytes implements Serializable {

  private static final long serialVersionUID = 1L;
  private final byte[] bytes;
  private final ExecutorRegistry executors;
  private transient Model model;

  ModelBytes(byte[] bytes, ExecutorRegistry executors) {
    this.bytes = bytes;
    this.executors = executors;
  }

  /** Writes a model file and returns its bytes. */
  static byte[] of(Model model) {
    try {
      Path dir = Files.createTempDirectory("nn4j-spark");
      Path file = dir.resolve("model.nn4j");
      try {
        ModelFile.save(model, file);
        return Files.readAllBytes(file);
      } finally {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model to a temporary file", e);
    }
  }

  /** Runs the model on one sample of raw features. */
  float[] predict(double[] features) {
    Model m = model();
    int inputs = m.network().inputs();
    if (features.length != inputs) {
      throw new Nn4jSparkException("a row has " + features.length
          + " features but the model takes " + inputs);
    }
    float[] x = new float[inputs];
    for (int i = 0; i < inputs; i++) {
      x[i] = (float) features[i];
    }
    return m.predict(new Matrix(1, inputs, x)).data();
  }

  private synchronized Model model() {
    if (model == null) {
      try {
        Path dir = Files.createTempDirectory("nn4j-spark");
        Path file = dir.resolve("model.nn4j");
        try {
          Files.write(file, bytes);
          model = ModelFile.load(file, executors.registry());
        } finally {
          Files.deleteIfExists(file);
          Files.deleteIfExists(dir);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the model to a temporary file", e);
      } catch (NnException e) {
        throw new Nn4jSparkException("an executor cannot load the model: " + e.getMessage()
            + " (is the plugin's jar on the executors' class path? give it to spark-submit with"
            + " --jars)", e);
      }
    }
    return model;
  }
}
