package dev.nn4j.api.spi;

import dev.nn4j.api.Matrix;
import dev.nn4j.api.Parameter;
import dev.nn4j.api.Shape;
import dev.nn4j.api.ShapeException;
import dev.nn4j.api.StateBuffer;
import java.util.List;

/**
 * One node of a network: takes the outputs of its inputs (one, or several for a merge layer such
 * as {@code add}), computes its output, and in training passes its gradient back.
 *
 * <p>Life cycle: {@link LayerProvider#create} makes an unbuilt layer; the core calls {@link
 * #build} once with the input shapes, then {@link #parameters()} and {@link #buffers()}, then
 * {@link #forward} and {@link #backward} any number of times.
 *
 * <p>Batches: every {@link Matrix} has one row per sample and the sample's {@link Shape#size()}
 * columns. A matrix's backing array may be longer than the view (the core reuses workspaces sized
 * for the largest batch): read and write only the first {@code rows × cols} elements.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@code forward} writes the whole output and never writes an input; {@code backward} writes
 *       each non-null gradient of an input completely and never writes the inputs, the output or
 *       the output's gradient.
 *   <li>{@code backward} adds ∂C/∂θ to each parameter's {@link Parameter#gradient()} when {@code
 *       accumulate} is true and overwrites it when false (the core passes false for the first
 *       contribution of a step, so no gradient has to be cleared).
 *   <li>Parameter and buffer arrays are the layer's own and never change identity after {@code
 *       build}: the optimizer writes parameter values in place, and model files copy values into
 *       them when they load. Their names are the layer's own ({@code weights}, not {@code
 *       layers[0].weights}: the core qualifies them), lower case letters, digits and {@code _},
 *       and unique across parameters and buffers together.
 *   <li>Heavy arithmetic goes through the {@link LayerContext#backend() backend}. After the first
 *       training batch of a size, a pass allocates nothing (keep workspaces in fields).
 *   <li>Thread-safety: {@code forward} with {@code training == false} may be called from several
 *       threads at once and for any number of rows (a network predicts concurrently); it must not
 *       write fields, so scratch space it needs is allocated per call. Training calls ({@code
 *       forward} with {@code training == true}, {@code backward}) come from one thread at a time
 *       and are paired: one {@code backward} follows the training {@code forward} of the same
 *       batch. The core never runs inference on a layer while it trains it.
 * </ul>
 */
public interface Layer {

  /**
   * How many inputs the layer takes: 1 for most layers; 0 for any number of at least two (a
   * merge layer). The core checks the count before {@link #build}.
   */
  default int arity() {
    return 1;
  }

  /**
   * Prepares the layer for inputs of the given shapes: checks them, allocates and initialises its
   * parameters (through {@link LayerContext#initialize} and {@link LayerContext#fill}) and
   * buffers, and returns the shape of its output.
   *
   * @param inputs the shapes of the inputs, as many as {@link #arity()} allows
   * @param context the backend, the initializer and the training step
   * @return the output shape
   * @throws ShapeException if an input shape cannot be taken; the message names the shape given
   *     and what the layer needs
   */
  Shape build(List<Shape> inputs, LayerContext context);

  /**
   * Returns the trainable parameters, each named within the layer ({@code weights}, {@code
   * biases}, {@code gamma}, …), in a fixed order; empty (the default) for a layer without any.
   */
  default List<Parameter> parameters() {
    return List.of();
  }

  /** Returns the non-trainable state buffers (running statistics); empty by default. */
  default List<StateBuffer> buffers() {
    return List.of();
  }

  /**
   * Returns the names of the parameters that L1/L2 regularisation applies to (weights, not
   * biases or gains); empty by default.
   */
  default List<String> regularized() {
    return List.of();
  }

  /**
   * Computes the output of a batch.
   *
   * @param inputs the inputs, one matrix per input of the layer, all with the same rows; read-only
   * @param output rows × the output shape's size, written completely
   * @param training true in a training step (dropout drops, batch statistics are used and the
   *     running ones updated); false for inference
   */
  void forward(Matrix[] inputs, Matrix output, boolean training);

  /**
   * Back-propagates the gradient of the output of the last training {@code forward}.
   *
   * @param inputs the inputs of that forward, read-only
   * @param output the output that forward wrote, read-only
   * @param gradOutput ∂C/∂output, read-only
   * @param gradInputs ∂C/∂input per input, written completely; an entry is null where the core
   *     needs no gradient (the network's own input), and the layer may skip that work
   * @param accumulate true to add to the parameters' gradients, false to overwrite them
   */
  void backward(Matrix[] inputs, Matrix output, Matrix gradOutput, Matrix[] gradInputs,
      boolean accumulate);
}
