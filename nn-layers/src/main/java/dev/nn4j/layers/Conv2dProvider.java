package dev.nn4j.layers;

import dev.nn4j.api.spi.Layer;
import dev.nn4j.api.spi.LayerProvider;

/**
 * {@code conv2d}: a 2-D convolution (cross-correlation, as in deep learning frameworks) of an
 * image C × H × W with O filters, as PyTorch's {@code nn.Conv2d(C, O, kernel, stride, padding,
 * dilation, groups, bias)} with square kernels:
 *
 * <pre>
 * y[o, i, j] = b[o] + Σ_{c ∈ group(o)} Σ_{u,v &lt; k} W[o, c − c₀(o), u, v] · x[c, i·s − p + u·d, j·s − p + v·d]
 * </pre>
 *
 * <p>where x is zero outside the image, and the output is O × H' × W' with H' = ⌊(H + 2p −
 * d·(k − 1) − 1) / s⌋ + 1 (W' likewise). With {@code groups} g, the channels split into g groups
 * of C/g inputs and O/g outputs, each output seeing only its group's inputs. The weights are O ×
 * (C/g) × k × k row-major, as PyTorch's; they start from the network's initializer with fan-in
 * (C/g)·k² and fan-out O·k² (PyTorch's fans); the biases start at 0 (PyTorch draws them; set
 * them explicitly to match).
 *
 * <p>LeCun et al., "Gradient-based learning applied to document recognition", Proc. IEEE 1998.
 */
public final class Conv2dProvider implements LayerProvider<Conv2dProvider.Parameters> {

  /**
   * The parameters of {@code conv2d}.
   *
   * @param outChannels O, the number of filters, ≥ 1 and a multiple of {@code groups}; default 1
   * @param kernel k, the filters' height and width, ≥ 1; default 3
   * @param stride s, the step between output positions, ≥ 1; default 1
   * @param padding p, zeros added on every side, ≥ 0; default 0
   * @param dilation d, the spacing of the kernel's taps, ≥ 1; default 1
   * @param groups g, ≥ 1, dividing both the input and the output channels; default 1
   * @param bias whether to add a learned bias per filter; default true
   */
  public record Parameters(int outChannels, int kernel, int stride, int padding, int dilation,
      int groups, boolean bias) {

    /** Validates every field. */
    public Parameters {
      Checks.atLeast("outChannels", outChannels, 1);
      Checks.atLeast("kernel", kernel, 1);
      Checks.atLeast("stride", stride, 1);
      Checks.atLeast("padding", padding, 0);
      Checks.atLeast("dilation", dilation, 1);
      Checks.atLeast("groups", groups, 1);
      if (outChannels % groups != 0) {
        throw new IllegalArgumentException("outChannels must be a multiple of groups (" + groups
            + "), was " + outChannels);
      }
    }
  }

  @Override
  public String name() {
    return "conv2d";
  }

  @Override
  public String description() {
    return "y[o,i,j] = b[o] + Σ_{c,u,v} W[o,c,u,v]·x[c, i·s−p+u·d, j·s−p+v·d] (zero padding; "
        + "groups split the channels); PyTorch nn.Conv2d";
  }

  @Override
  public Class<Parameters> parametersType() {
    return Parameters.class;
  }

  @Override
  public Parameters defaultParameters() {
    return new Parameters(1, 3, 1, 0, 1, 1, true);
  }

  @Override
  public Layer create(Parameters parameters) {
    return new Conv2d(parameters);
  }
}
