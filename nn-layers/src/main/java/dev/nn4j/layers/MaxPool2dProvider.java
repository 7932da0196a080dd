package dev.nn4j.layers;

/**
 * {@code max_pool2d}: y_{c,i,j} = max over the k × k window at (i·s − p, j·s − p) of x_c, the
 * padding counting as −∞; ∂C/∂x goes to the first largest value of each window (row-major), as
 * in PyTorch's {@code nn.MaxPool2d(kernel, stride, padding)}. Output size ⌊(H + 2p − k) / s⌋ + 1.
 */
public final class MaxPool2dProvider extends PoolProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public MaxPool2dProvider() {
    super("max_pool2d",
        "y = max over each k×k window (stride s, padding p counts as −∞); "
            + "PyTorch nn.MaxPool2d", true);
  }
}
