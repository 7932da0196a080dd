package dev.nn4j.core;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How a layer's initial weights are drawn, from a seeded generator. With fan-in n and fan-out m:
 *
 * <ul>
 *   <li>{@code zeros}; {@code constant}: every weight = scale;
 *   <li>{@code uniform}: U(−scale, scale); {@code normal}: N(0, scale²);
 *   <li>{@code glorot_uniform} (alias {@code xavier_uniform}): U(±√(6/(n+m))); {@code
 *       glorot_normal} ({@code xavier_normal}): N(0, 2/(n+m)) (Glorot and Bengio, 2010);
 *   <li>{@code he_uniform} ({@code kaiming_uniform}): U(±√(6/n)); {@code he_normal} ({@code
 *       kaiming_normal}): N(0, 2/n) (He et al., 2015, arXiv:1502.01852);
 *   <li>{@code lecun_uniform}: U(±√(3/n)); {@code lecun_normal}: N(0, 1/n) (LeCun et al., 1998).
 * </ul>
 *
 * <p>Biases start at zero. Thread-safety: immutable.
 *
 * @param name one of {@link #NAMES}
 * @param scale the value of {@code constant}, the limit of {@code uniform}, the standard
 *     deviation of {@code normal}; ignored by the others
 */
public record Initializer(String name, double scale) {

  /** The names {@link #draw} knows. */
  public static final List<String> NAMES = List.of("zeros", "constant", "uniform", "normal",
      "glorot_uniform", "glorot_normal", "xavier_uniform", "xavier_normal", "he_uniform",
      "he_normal", "kaiming_uniform", "kaiming_normal", "lecun_uniform", "lecun_normal");

  /** Activations for which {@link #defaultFor} picks He initialization. */
  private static final List<String> RELU_LIKE = List.of("relu", "leaky_relu", "elu", "gelu",
      "silu", "mish");

  /** Checks the name and the scale. */
  public Initializer {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("unknown initializer '" + name + "'; valid: "
          + String.join(", ", NAMES));
    }
    if (!Double.isFinite(scale) || scale < 0) {
      throw new IllegalArgumentException("the scale of an initializer must be a finite number >= 0,"
          + " was " + scale);
    }
  }

  /**
   * Returns an initializer with the default scale (0.05 for uniform and normal, 0 otherwise).
   *
   * @param name one of {@link #NAMES}
   * @return the initializer
   */
  public static Initializer of(String name) {
    return new Initializer(name, name.equals("uniform") || name.equals("normal") ? 0.05 : 0);
  }

  /**
   * Returns the default for a layer's activation: He for relu-like activations (relu,
   * leaky_relu, elu, gelu, silu, mish), LeCun normal for selu, Glorot uniform otherwise.
   *
   * @param activation the activation's name
   * @return the initializer
   */
  public static Initializer defaultFor(String activation) {
    if (RELU_LIKE.contains(activation)) {
      return of("he_uniform");
    }
    return of(activation.equals("selu") ? "lecun_normal" : "glorot_uniform");
  }

  /**
   * Draws the weights of a layer.
   *
   * @param random the seeded generator, advanced by the draw
   * @param in fan-in, the layer's inputs
   * @param out fan-out, the layer's units
   * @return out × in weights, row-major
   */
  public float[] draw(SplittableRandom random, int in, int out) {
    float[] w = new float[in * out];
    switch (name) {
      case "zeros":
        return w;
      case "constant":
        Arrays.fill(w, (float) scale);
        return w;
      case "uniform":
        return uniform(random, w, scale);
      case "normal":
        return normal(random, w, scale);
      case "glorot_uniform":
      case "xavier_uniform":
        return uniform(random, w, Math.sqrt(6.0 / (in + out)));
      case "glorot_normal":
      case "xavier_normal":
        return normal(random, w, Math.sqrt(2.0 / (in + out)));
      case "he_uniform":
      case "kaiming_uniform":
        return uniform(random, w, Math.sqrt(6.0 / in));
      case "he_normal":
      case "kaiming_normal":
        return normal(random, w, Math.sqrt(2.0 / in));
      case "lecun_uniform":
        return uniform(random, w, Math.sqrt(3.0 / in));
      default:
        return normal(random, w, Math.sqrt(1.0 / in));
    }
  }

  private static float[] uniform(SplittableRandom random, float[] w, double limit) {
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) random.nextDouble(-limit, limit);
    }
    return w;
  }

  /** Normal draws by the Box–Muller transform, so the stream is the same on every JVM. */
  private static float[] normal(SplittableRandom random, float[] w, double std) {
    for (int i = 0; i < w.length; i += 2) {
      double u1 = 1.0 - random.nextDouble();
      double u2 = random.nextDouble();
      double r = std * Math.sqrt(-2 * Math.log(u1));
      w[i] = (float) (r * Math.cos(2 * Math.PI * u2));
      if (i + 1 < w.length) {
        w[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
      }
    }
    return w;
  }
}
