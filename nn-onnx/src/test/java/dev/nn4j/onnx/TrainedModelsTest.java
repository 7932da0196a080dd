package dev.nn4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nn4j.api.Matrix;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.config.ConfigReader;
import dev.nn4j.core.config.ModelSpec;
import dev.nn4j.core.model.Model;
import dev.nn4j.core.model.Training;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped examples, trained, give in ONNX Runtime what nn4j gives on their held-out samples,
 * to 1e-5, raw features in (the scaling runs in the graph), and the same predicted classes.
 */
class TrainedModelsTest {

  private static final PluginRegistry REGISTRY = PluginRegistry.discover();
  private static final Path EXAMPLES = Path.of("../nn-examples/src/main/resources/examples");
  private static final double TOLERANCE = 1e-5;

  private static Training.Result train(String file, String from, String to) throws Exception {
    Path config = EXAMPLES.resolve(file);
    String text = Files.readString(config).replace(from, to);
    ModelSpec spec = new ConfigReader(REGISTRY).read(text, config.toString(),
        config.getParent());
    return Training.run(spec, REGISTRY, List.of());
  }

  /** The test split's samples as they are in the data file, before the model's scaling. */
  private static Matrix raw(Training.Result result) {
    return result.rawSplits().test().features();
  }


  private static void matches(String label, Training.Result result) throws Exception {
    Model model = result.model();
    Matrix raw = raw(result);
    assertThat(OrtRunner.largestDifference(label, model, raw)).isLessThanOrEqualTo(TOLERANCE);
    Matrix onnx = OrtRunner.run(OnnxExport.toBytes(model), raw);
    Matrix nn4j = model.predict(raw);
    for (int r = 0; r < raw.rows(); r++) {
      assertThat(argmax(onnx, r)).as("sample %d", r).isEqualTo(argmax(nn4j, r));
    }
  }

  private static int argmax(Matrix m, int row) {
    int best = 0;
    for (int c = 1; c < m.cols(); c++) {
      if (m.get(row, c) > m.get(row, best)) {
        best = c;
      }
    }
    return best;
  }

  @Test
  void iris() throws Exception {
    Training.Result result = train("iris.yaml", "", "");
    assertThat(result.test().accuracy()).isGreaterThanOrEqualTo(0.9);
    matches("iris (standard scaling, tanh, sigmoid)", result);
  }

  @Test
  void irisResidual() throws Exception {
    matches("iris-residual (add, dropout, softmax)", train("iris-residual.yaml", "", ""));
  }

  @Test
  void digits() throws Exception {
    Training.Result result = train("digits.yaml", "epochs: 40", "epochs: 10");
    assertThat(result.test().accuracy()).isGreaterThanOrEqualTo(0.9);
    matches("digits (minmax scaling, 10 epochs)", result);
  }

  @Test
  void fashionMnist() throws Exception {
    assumeTrue(Files.exists(Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz")),
        "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
    Training.Result result = train("fashion-mnist.yaml", "epochs: 10", "epochs: 1");
    assertThat(result.test().accuracy()).isGreaterThanOrEqualTo(0.8);
    matches("fashion-mnist (784-256-128-10 relu/softmax, 1 epoch, 10,000 test images)", result);
  }
}
