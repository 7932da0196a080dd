package dev.nn4j.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.Shape;
import dev.nn4j.api.ShapeException;
import dev.nn4j.api.StateBuffer;
import dev.nn4j.api.spi.Backend;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerContext;
import dev.nn4j.api.spi.LayerProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layer kit must fail layers that are wrong, with a message that names the flaw. */
class LayerContractRejectsBrokenLayersTest {

  @Test
  void acceptsACorrectLayer() {
    LayerContract<Units> contract = contract(Flaw.NONE);
    contract.nameIsValid();
    contract.parametersRoundTrip();
    contract.inputGradientsMatchCentralDifferences();
    contract.parameterGradientsMatchCentralDifferences();
    contract.backwardAddsWhenAccumulatingAndOverwritesOtherwise();
    contract.backwardWithoutInputGradientsGivesTheSameParameterGradients();
    contract.outputsAndInputGradientsAreWrittenCompletely();
    contract.inferenceIsRepeatableAndChangesNoState();
    contract.inferenceWritesNoField();
    contract.inferenceFromSeveralThreadsMatchesOneThread();
    contract.copiedParametersAndBuffersReproduceInference();
    contract.inputsAreNotModified();
    contract.viewsAreNeitherReadNorWrittenPastTheirEnd();
    contract.buildRejectsShapesItCannotTake();
    contract.namesAreValidAndArraysKeepTheirIdentity();
  }

  @Test
  void rejectsAWrongParameterGradient() {
    assertThatThrownBy(contract(Flaw.BIAS_GRADIENT_OF_ROW_0)::parameterGradientsMatchCentralDifferences)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("∂/∂biases from backward of tiny with Units[units=2] on input "
            + "shapes [5]")
        .hasMessageContaining("apart");
  }

  @Test
  void rejectsAMissingAccumulation() {
    assertThatThrownBy(contract(Flaw.IGNORES_ACCUMULATE)::backwardAddsWhenAccumulatingAndOverwritesOtherwise)
        .hasMessageContaining("backward of tiny with Units[units=2] on input shapes [5] with "
            + "accumulate=true did not add to the gradient of weights");
  }

  @Test
  void rejectsALayerThatWritesItsInput() {
    assertThatThrownBy(contract(Flaw.CLIPS_INPUT_IN_PLACE)::inputsAreNotModified)
        .hasMessageContaining("forward (training) of tiny with Units[units=2] on input shapes [5] "
            + "modified its input inputs[0]");
  }

  @Test
  void rejectsABufferThatIsNotExported() {
    assertThatThrownBy(contract(Flaw.HIDDEN_BUFFER)::copiedParametersAndBuffersReproduceInference)
        .hasMessageContaining("a copy of tiny with Units[units=2] on input shapes [5] given its "
            + "parameters and buffers [parameter weights, parameter biases] by name predicts")
        .hasMessageContaining("not exported");
  }

  @Test
  void rejectsALayerThatReadsPastTheView() {
    assertThatThrownBy(contract(Flaw.ROWS_FROM_ARRAY_LENGTH)::viewsAreNeitherReadNorWrittenPastTheirEnd)
        .hasMessageContaining("forward (training) of tiny with Units[units=2] on input shapes [5] "
            + "on views with NaN past their end")
        .hasMessageContaining("past the view");
  }

  @Test
  void rejectsALayerThatWritesFieldsInInference() {
    assertThatThrownBy(contract(Flaw.SCRATCH_FIELD_IN_INFERENCE)::inferenceWritesNoField)
        .hasMessageContaining("forward (inference) of tiny with Units[units=2] on input shapes "
            + "[5] wrote a field:")
        .hasMessageContaining("field layer.scratch");
  }

  @Test
  void rejectsALayerThatTakesAShapeItCannotUse() {
    assertThatThrownBy(contract(Flaw.NO_SHAPE_CHECK)::buildRejectsShapesItCannotTake)
        .hasMessageContaining("build of tiny with Units[units=2] accepted input shapes [1×2×2], "
            + "which the test says it cannot take");
  }

  @Test
  void rejectsAnOutputItDoesNotWriteCompletely() {
    assertThatThrownBy(contract(Flaw.SKIPS_LAST_OUTPUT_ROW)::outputsAndInputGradientsAreWrittenCompletely)
        .hasMessageContaining("forward (training) of tiny with Units[units=2] on input shapes [5] "
            + "did not write output, of the shape 2 build returned, element 4 (row 2, column 0)");
  }

  @Test
  void theReferenceBackendKeepsTheBackendContract() {
    BackendContract contract = new BackendContract() {
      @Override
      protected Backend backend() {
        return new ReferenceBackend();
      }
    };
    contract.multiplyTransposedBMatchesTheReference();
    contract.multiplyTransposedAMatchesTheReference();
    contract.multiplyMatchesTheReference();
    contract.columnSumsMatchTheReference();
    contract.productsAreDeterministic();
    contract.aTooShortOperandFailsTheProductAndTheBackendCarriesOn();
  }

  // ---- a tiny dense layer, correct or with one flaw ----

  private enum Flaw {
    NONE, BIAS_GRADIENT_OF_ROW_0, IGNORES_ACCUMULATE, CLIPS_INPUT_IN_PLACE, HIDDEN_BUFFER,
    ROWS_FROM_ARRAY_LENGTH, SCRATCH_FIELD_IN_INFERENCE, NO_SHAPE_CHECK, SKIPS_LAST_OUTPUT_ROW
  }

  /** The tiny layer's parameters: its number of outputs. */
  record Units(int units) {
    Units {
      if (units < 1) {
        throw new IllegalArgumentException("units must be >= 1, was " + units);
      }
    }
  }

  private static LayerContract<Units> contract(Flaw flaw) {
    LayerProvider<Units> provider = new LayerProvider<>() {
      @Override
      public String name() {
        return "tiny";
      }

      @Override
      public Class<Units> parametersType() {
        return Units.class;
      }

      @Override
      public Units defaultParameters() {
        return new Units(2);
      }

      @Override
      public Layer create(Units parameters) {
        return new Tiny(parameters.units(), flaw);
      }
    };
    return new LayerContract<>() {
      @Override
      protected LayerProvider<Units> provider() {
        return provider;
      }

      @Override
      protected List<Units> nonDefaultParameterSets() {
        return List.of(new Units(3));
      }

      @Override
      protected List<List<Shape>> impossibleInputShapes() {
        return List.of(List.of(Shape.image(1, 2, 2)));
      }
    };
  }

  /**
   * y = x·Wᵀ + b in training; in inference y = x·Wᵀ + b + shift, where the buffer shift follows
   * the mean input of the training batches (shift ← ½·shift + ½·mean x): a toy with a buffer.
   */
  private static final class Tiny implements Layer {
    private final int units;
    private final Flaw flaw;
    private int in;
    private Backend backend;
    private float[] weights;
    private float[] biases;
    private float[] weightGradient;
    private float[] biasGradient;
    private float[] shift;
    private float[] weightScratch;
    private float[] biasScratch;
    private float[] scratch;

    Tiny(int units, Flaw flaw) {
      this.units = units;
      this.flaw = flaw;
    }

    @Override
    public Shape build(List<Shape> inputs, LayerContext context) {
      if (inputs.size() != 1 || (inputs.get(0).isImage() && flaw != Flaw.NO_SHAPE_CHECK)) {
        throw new ShapeException("tiny takes one vector input, not " + inputs);
      }
      in = inputs.get(0).size();
      backend = context.backend();
      weights = new float[units * in];
      biases = new float[units];
      context.initialize("weights", weights, in, units);
      context.fill("biases", biases, 0f);
      weightGradient = new float[weights.length];
      biasGradient = new float[units];
      weightScratch = new float[weights.length];
      biasScratch = new float[units];
      shift = new float[1];
      return Shape.vector(units);
    }

    @Override
    public List<Parameter> parameters() {
      return List.of(new Parameter("weights", weights, weightGradient),
          new Parameter("biases", biases, biasGradient));
    }

    @Override
    public List<StateBuffer> buffers() {
      return flaw == Flaw.HIDDEN_BUFFER ? List.of() : List.of(new StateBuffer("shift", shift));
    }

    @Override
    public List<String> regularized() {
      return List.of("weights");
    }

    private int rows(Matrix m) {
      return flaw == Flaw.ROWS_FROM_ARRAY_LENGTH ? m.data().length / m.cols() : m.rows();
    }

    @Override
    public void forward(Matrix[] inputs, Matrix output, boolean training) {
      Matrix x = inputs[0];
      int rows = rows(x);
      if (flaw == Flaw.CLIPS_INPUT_IN_PLACE) {
        for (int i = 0; i < x.size(); i++) {
          x.data()[i] = Math.min(x.data()[i], 0.9f);
        }
      }
      int written = flaw == Flaw.SKIPS_LAST_OUTPUT_ROW ? rows - 1 : rows;
      float[] y = output.data();
      if (!training && flaw == Flaw.SCRATCH_FIELD_IN_INFERENCE) {
        if (scratch == null || scratch.length < rows * units) {
          scratch = new float[rows * units]; // a workspace kept for the next call
        }
        y = scratch;
      }
      backend.multiplyTransposedB(written, units, in, x.data(), weights, biases, y);
      if (training) {
        double sum = 0;
        for (int i = 0; i < rows * in; i++) {
          sum += x.data()[i];
        }
        shift[0] = (float) (0.5 * shift[0] + 0.5 * sum / (rows * in));
      } else {
        for (int i = 0; i < written * units; i++) {
          output.data()[i] = y[i] + shift[0];
        }
      }
    }

    @Override
    public void backward(Matrix[] inputs, Matrix output, Matrix gradOutput, Matrix[] gradInputs,
        boolean accumulate) {
      Matrix x = inputs[0];
      int rows = rows(x);
      float[] g = gradOutput.data();
      backend.multiplyTransposedA(units, in, rows, g, x.data(), weightScratch);
      backend.columnSums(flaw == Flaw.BIAS_GRADIENT_OF_ROW_0 ? 1 : rows, units, g, biasScratch);
      boolean add = accumulate && flaw != Flaw.IGNORES_ACCUMULATE;
      for (int i = 0; i < weights.length; i++) {
        weightGradient[i] = add ? weightGradient[i] + weightScratch[i] : weightScratch[i];
      }
      for (int j = 0; j < units; j++) {
        biasGradient[j] = add ? biasGradient[j] + biasScratch[j] : biasScratch[j];
      }
      if (gradInputs[0] != null) {
        backend.multiply(rows, in, units, g, weights, gradInputs[0].data());
      }
    }
  }
}
