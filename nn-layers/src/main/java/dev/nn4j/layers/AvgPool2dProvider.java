package dev.nn4j.layers;

/**
 * {@code avg_pool2d}: y_{c,i,j} = (1 / k²)·Σ over the k × k window at (i·s − p, j·s − p) of x_c,
 * the padding counting as zeros ({@code count_include_pad=True}, so the divisor is always k²), as
 * PyTorch's {@code nn.AvgPool2d(kernel, stride, padding)}; ∂C/∂x spreads each window's gradient
 * evenly over it. Output size ⌊(H + 2p − k) / s⌋ + 1.
 */
public final class AvgPool2dProvider extends PoolProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public AvgPool2dProvider() {
    super("avg_pool2d",
        "y = (1/k²)·Σ over each k×k window (stride s, zero padding p counted); "
            + "PyTorch nn.AvgPool2d", false);
  }
}
