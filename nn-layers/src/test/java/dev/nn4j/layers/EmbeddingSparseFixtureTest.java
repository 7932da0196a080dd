package dev.nn4j.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.OptimizerState;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.spi.LayerProvider;
import dev.nn4j.api.spi.Optimizer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The sparse update of an {@code embedding} table matches PyTorch's {@code
 * nn.Embedding(sparse=True)} with {@code optim.SparseAdam} ({@code adam} with {@code sparse:
 * true}) and with plain {@code optim.SGD}, step after step, on batches whose ids use only some
 * rows ({@code fixtures/embedding_sparse.json}); the rows no step has used yet keep their values,
 * and Adam's moments of a row keep their bits in every step that does not use it.
 */
class EmbeddingSparseFixtureTest {

  private static final double TOLERANCE = 1e-5;

  @Test
  @SuppressWarnings("unchecked")
  void sparseUpdatesMatchPytorchAndLeaveUnusedRowsBitIdentical() {
    Map<String, Object> fixture = Fixtures.load("embedding_sparse");
    LayerProvider<?> provider = Fixtures.provider("embedding");
    List<Map<String, Object>> cases = (List<Map<String, Object>>) fixture.get("cases");
    assertThat(cases).isNotEmpty();
    int checkedUnused = 0;
    for (Map<String, Object> c : cases) {
      for (Map<String, Object> spec : (List<Map<String, Object>>) fixture.get("optimizers")) {
        String name = c.get("name") + " / " + spec.get("name");
        Harness h = Harness.of(provider, Fixtures.parameters(provider,
            (Map<String, Object>) c.get("parameters")), Fixtures.shape(c.get("input_shape")));
        Fixtures.copyIn(h.layer, c);
        Parameter table = h.parameter("weights");
        assertThat(table.rows()).as("the embedding names the rows it touches").isNotNull();
        int width = table.rows().rowLength();
        Optimizer optimizer = Fixtures.optimizer(spec);
        assertThat(optimizer.supportsSparseRows()).as(name).isTrue();
        int batch = ((Double) c.get("batch")).intValue();
        List<Map<String, Object>> steps = (List<Map<String, Object>>) c.get("steps");
        List<Map<String, Object>> after =
            (List<Map<String, Object>>) ((Map<String, Object>) c.get("after")).get(spec.get("name"));
        Set<Integer> used = new HashSet<>();
        for (int s = 0; s < steps.size(); s++) {
          float[] values = table.value().clone();
          float[][] moments = moments(optimizer.exportState());
          Matrix x = new Matrix(batch, h.input.size(), Fixtures.floats(steps.get(s).get("input")));
          Matrix dy = new Matrix(batch, h.output.size(),
              Fixtures.floats(steps.get(s).get("grad_output")));
          Set<Integer> rows = new HashSet<>();
          for (float id : x.data()) {
            rows.add((int) id);
          }
          Matrix y = h.forward(x, true);
          h.backward(x, y, dy, false);
          assertThat(table.rows().count()).as(name).isEqualTo(rows.size());
          optimizer.step(h.layer.parameters());
          used.addAll(rows);
          float[][] nextMoments = moments(optimizer.exportState());
          for (int row = 0; row < table.rows().rowCount(); row++) {
            if (rows.contains(row)) {
              continue;
            }
            for (int j = row * width; j < (row + 1) * width; j++) {
              assertThat(Float.floatToRawIntBits(table.value()[j])).as("%s step %d value %d",
                  name, s, j).isEqualTo(Float.floatToRawIntBits(values[j]));
              for (int k = 0; k < nextMoments.length; k++) {
                assertThat(Float.floatToRawIntBits(nextMoments[k][j]))
                    .as("%s step %d moment %d of %d", name, s, k, j)
                    .isEqualTo(moments == null ? 0 : Float.floatToRawIntBits(moments[k][j]));
              }
              checkedUnused++;
            }
          }
          Map<String, Object> expected = after.get(s);
          assertThat(Fixtures.relative(expected.get("weights"), table.value()))
              .as("%s step %d weights", name, s).isLessThanOrEqualTo(TOLERANCE);
          if (expected.containsKey("m")) {
            assertThat(Fixtures.relative(expected.get("m"), nextMoments[0]))
                .as("%s step %d m", name, s).isLessThanOrEqualTo(TOLERANCE);
            assertThat(Fixtures.relative(expected.get("v"), nextMoments[1]))
                .as("%s step %d v", name, s).isLessThanOrEqualTo(TOLERANCE);
          }
        }
        assertThat(used.size()).as("%s: some rows are never used", name)
            .isLessThan(table.rows().rowCount());
      }
    }
    assertThat(checkedUnused).isPositive();
  }

  /** Adam's moments of the table, or none (SGD's state has no buffers; before the first step). */
  private static float[][] moments(OptimizerState state) {
    if (!state.buffers().containsKey("weights/m")) {
      return state.step() == 0 ? null : new float[0][];
    }
    return new float[][] {state.buffer("weights/m"), state.buffer("weights/v")};
  }
}
