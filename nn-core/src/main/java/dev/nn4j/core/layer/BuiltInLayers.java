package dev.nn4j.core.layer;

import dev.nn4j.api.NoParameters;
import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerProvider;
import dev.nn4j.api.spi.NoParametersProvider;

/**
 * The layers nn-core provides, registered like any plugin. {@code dense} and {@code activation}
 * also take an {@code activation:} key (a plugin of its own), which the core binds: their
 * providers here make them with the identity.
 */
public final class BuiltInLayers {

  private BuiltInLayers() {}

  /** {@code dense}: a fully connected layer, see {@link DenseLayer}. */
  public static final class Dense implements LayerProvider<Dense.Parameters> {

    /**
     * The parameters of a dense layer.
     *
     * @param units outputs, at least 1
     * @param bias whether it adds biases
     */
    public record Parameters(int units, boolean bias) {
      /** Checks units. */
      public Parameters {
        if (units < 1) {
          throw new IllegalArgumentException("units must be at least 1, was " + units);
        }
      }
    }

    @Override
    public String name() {
      return "dense";
    }

    @Override
    public Class<Parameters> parametersType() {
      return Parameters.class;
    }

    @Override
    public Parameters defaultParameters() {
      return new Parameters(1, true);
    }

    @Override
    public Layer create(Parameters parameters) {
      return new DenseLayer(parameters.units(), parameters.bias(), null, 0);
    }

    @Override
    public String description() {
      return "z = x·Wᵀ + b, then its activation: (the shorthand of - units: n) and dropout:";
    }
  }

  /** {@code activation}: an activation as a layer of its own, see {@link ActivationLayer}. */
  public static final class ActivationType
      implements LayerProvider<NoParameters>, NoParametersProvider<Layer> {

    @Override
    public String name() {
      return "activation";
    }

    @Override
    public Layer create(NoParameters parameters) {
      throw new UnsupportedOperationException("an activation layer is built by the core from its"
          + " activation: key");
    }

    @Override
    public String description() {
      return "a = f(x) with the activation: key, any shape";
    }
  }

  /** {@code dropout}: inverted dropout, see {@link DropoutLayer}. */
  public static final class DropoutType implements LayerProvider<DropoutType.Parameters> {

    /**
     * The parameters of dropout.
     *
     * @param rate the probability of dropping a value, in [0, 1)
     */
    public record Parameters(double rate) {
      /** Checks the rate. */
      public Parameters {
        if (!(rate >= 0 && rate < 1)) {
          throw new IllegalArgumentException("rate must be in [0, 1), was " + rate);
        }
      }
    }

    @Override
    public String name() {
      return "dropout";
    }

    @Override
    public Class<Parameters> parametersType() {
      return Parameters.class;
    }

    @Override
    public Parameters defaultParameters() {
      return new Parameters(0.5);
    }

    @Override
    public Layer create(Parameters parameters) {
      return new DropoutLayer(parameters.rate());
    }

    @Override
    public String description() {
      return "while training keeps each value with probability 1 - rate, scaled by 1/(1 - rate)";
    }
  }

  /** {@code add}: the sum of inputs of one shape, see {@link MergeLayer}. */
  public static final class Add implements LayerProvider<NoParameters>,
      NoParametersProvider<Layer> {

    @Override
    public String name() {
      return "add";
    }

    @Override
    public Layer create(NoParameters parameters) {
      return new MergeLayer(false);
    }

    @Override
    public String description() {
      return "y = x1 + x2 + ... (inputs: [a, b, ...] of one shape)";
    }
  }

  /** {@code concat}: inputs side by side, see {@link MergeLayer}. */
  public static final class Concat implements LayerProvider<NoParameters>,
      NoParametersProvider<Layer> {

    @Override
    public String name() {
      return "concat";
    }

    @Override
    public Layer create(NoParameters parameters) {
      return new MergeLayer(true);
    }

    @Override
    public String description() {
      return "y = [x1, x2, ...] per sample (vectors, or images along channels)";
    }
  }

  /** {@code slice}: the values [from, to) of a vector, see {@link SliceLayer}. */
  public static final class Slice implements LayerProvider<Slice.Parameters> {

    /**
     * The parameters of a slice.
     *
     * @param from the first value taken, 0-based, at least 0
     * @param to one past the last value taken, greater than {@code from}
     */
    public record Parameters(int from, int to) {
      /** Checks the range. */
      public Parameters {
        if (from < 0 || to <= from) {
          throw new IllegalArgumentException("a slice needs 0 <= from < to, was from " + from
              + " to " + to);
        }
      }
    }

    @Override
    public String name() {
      return "slice";
    }

    @Override
    public Class<Parameters> parametersType() {
      return Parameters.class;
    }

    @Override
    public Parameters defaultParameters() {
      return new Parameters(0, 1);
    }

    @Override
    public Layer create(Parameters parameters) {
      return new SliceLayer(parameters.from(), parameters.to());
    }

    @Override
    public String description() {
      return "y = x[from:to] of a vector (from inclusive, to exclusive; 0-based)";
    }
  }
}
