package dev.nn4j.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nn4j.api.Matrix;
import dev.nn4j.core.model.Model;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/** Runs exported files in ONNX Runtime and compares them with nn4j. */
final class OrtRunner {

  private OrtRunner() {}

  /**
   * Runs an ONNX model on a batch, its one input named "input", its one output, without graph
   * rewrites: what runs is what was exported.
   */
  static Matrix run(byte[] onnx, Matrix x) throws OrtException {
    return run(onnx, x, OrtSession.SessionOptions.OptLevel.NO_OPT);
  }

  /** Runs an ONNX model on a batch with ONNX Runtime's graph optimizations at a level. */
  static Matrix run(byte[] onnx, Matrix x, OrtSession.SessionOptions.OptLevel level)
      throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(level);
      try (OrtSession session = env.createSession(onnx, options);
          OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()),
              new long[] {x.rows(), x.cols()});
          OrtSession.Result result = session.run(Map.of("input", input))) {
        float[][] y = (float[][]) result.get("output").orElseThrow().getValue();
        float[] flat = new float[y.length * y[0].length];
        for (int r = 0; r < y.length; r++) {
          System.arraycopy(y[r], 0, flat, r * y[0].length, y[0].length);
        }
        return new Matrix(y.length, y[0].length, flat);
      }
    }
  }

  /**
   * Exports the model, runs it in ONNX Runtime on raw features, as exported and with every graph
   * optimization (what a user's session does by default), and returns the largest absolute
   * difference from {@link Model#predict}, printed with a label.
   */
  static double largestDifference(String label, Model model, Matrix raw) throws OrtException {
    Matrix expected = model.predict(raw);
    byte[] onnx = OnnxExport.toBytes(model);
    double largest = 0;
    for (OrtSession.SessionOptions.OptLevel level : List.of(
        OrtSession.SessionOptions.OptLevel.NO_OPT, OrtSession.SessionOptions.OptLevel.ALL_OPT)) {
      Matrix actual = run(onnx, raw, level);
      if (actual.rows() != expected.rows() || actual.cols() != expected.cols()) {
        throw new AssertionError(label + ": ONNX gives " + actual.shape() + ", nn4j "
            + expected.shape());
      }
      for (int i = 0; i < expected.data().length; i++) {
        double d = Math.abs(expected.data()[i] - actual.data()[i]);
        largest = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(largest, d);
      }
    }
    System.out.printf("onnx-vs-nn4j %s: %d×%d outputs, largest |difference| %.3g%n", label,
        expected.rows(), expected.cols(), largest);
    return largest;
  }
}
