package dev.nn4j.core;

import dev.nn4j.api.NoParameters;
import dev.nn4j.api.spi.Initializer;
import dev.nn4j.api.spi.InitializerProvider;
import dev.nn4j.api.spi.NoParametersProvider;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The initializers nn-core provides, each a plugin of its own. With fan-in n and fan-out m:
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
 * <p>Normal draws use the Box–Muller transform, so the stream is the same on every JVM.
 */
public final class Initializers {

  private Initializers() {}

  /**
   * The parameter of {@code constant}, {@code uniform} and {@code normal}.
   *
   * @param scale the constant, the limit of uniform or the standard deviation of normal; a finite
   *     number ≥ 0
   */
  public record Scale(double scale) {
    /** Checks the scale. */
    public Scale {
      if (!Double.isFinite(scale) || scale < 0) {
        throw new IllegalArgumentException("scale must be a finite number >= 0, was " + scale);
      }
    }
  }

  /** A provider of an initializer that takes a scale. */
  private abstract static class Scaled implements InitializerProvider<Scale> {
    private final String name;
    private final double defaultScale;
    private final String description;

    Scaled(String name, double defaultScale, String description) {
      this.name = name;
      this.defaultScale = defaultScale;
      this.description = description;
    }

    @Override
    public final String name() {
      return name;
    }

    @Override
    public final Class<Scale> parametersType() {
      return Scale.class;
    }

    @Override
    public final Scale defaultParameters() {
      return new Scale(defaultScale);
    }

    @Override
    public final String description() {
      return description;
    }
  }

  /** The limit of a uniform or the standard deviation of a normal draw, from the fans. */
  private interface Spread {
    double of(int fanIn, int fanOut);
  }

  private static final Spread GLOROT_UNIFORM = (in, out) -> Math.sqrt(6.0 / (in + out));
  private static final Spread GLOROT_NORMAL = (in, out) -> Math.sqrt(2.0 / (in + out));
  private static final Spread HE_UNIFORM = (in, out) -> Math.sqrt(6.0 / in);
  private static final Spread HE_NORMAL = (in, out) -> Math.sqrt(2.0 / in);

  /** A provider of a parameterless initializer that draws from a spread of the fans. */
  private abstract static class Fan implements InitializerProvider<NoParameters>,
      NoParametersProvider<Initializer>, Initializer {
    private final String name;
    private final boolean uniform;
    private final Spread spread;
    private final String description;

    Fan(String name, boolean uniform, Spread spread, String description) {
      this.name = name;
      this.uniform = uniform;
      this.spread = spread;
      this.description = description;
    }

    @Override
    public final String name() {
      return name;
    }

    @Override
    public final String description() {
      return description;
    }

    @Override
    public final Initializer create(NoParameters parameters) {
      return this;
    }

    @Override
    public final void draw(float[] values, int fanIn, int fanOut, SplittableRandom random) {
      double limit = spread.of(fanIn, fanOut);
      if (uniform) {
        uniform(values, limit, random);
      } else {
        normal(values, limit, random);
      }
    }
  }

  /** {@code zeros}. */
  public static final class Zeros extends Scaled {
    /** For {@code ServiceLoader}. */
    public Zeros() {
      super("zeros", 0, "every weight 0 (scale is ignored)");
    }

    @Override
    public Initializer create(Scale parameters) {
      return (values, fanIn, fanOut, random) -> Arrays.fill(values, 0f);
    }
  }

  /** {@code constant}. */
  public static final class Constant extends Scaled {
    /** For {@code ServiceLoader}. */
    public Constant() {
      super("constant", 0, "every weight = scale");
    }

    @Override
    public Initializer create(Scale parameters) {
      return (values, fanIn, fanOut, random) -> Arrays.fill(values, (float) parameters.scale());
    }
  }

  /** {@code uniform}. */
  public static final class Uniform extends Scaled {
    /** For {@code ServiceLoader}. */
    public Uniform() {
      super("uniform", 0.05, "U(-scale, scale)");
    }

    @Override
    public Initializer create(Scale parameters) {
      return (values, fanIn, fanOut, random) -> uniform(values, parameters.scale(), random);
    }
  }

  /** {@code normal}. */
  public static final class Normal extends Scaled {
    /** For {@code ServiceLoader}. */
    public Normal() {
      super("normal", 0.05, "N(0, scale^2)");
    }

    @Override
    public Initializer create(Scale parameters) {
      return (values, fanIn, fanOut, random) -> normal(values, parameters.scale(), random);
    }
  }

  /** {@code glorot_uniform}. */
  public static final class GlorotUniform extends Fan {
    /** For {@code ServiceLoader}. */
    public GlorotUniform() {
      super("glorot_uniform", true, GLOROT_UNIFORM,
          "U(±sqrt(6 / (fanIn + fanOut))), Glorot and Bengio 2010");
    }
  }

  /** {@code xavier_uniform}, the same as {@code glorot_uniform}. */
  public static final class XavierUniform extends Fan {
    /** For {@code ServiceLoader}. */
    public XavierUniform() {
      super("xavier_uniform", true, GLOROT_UNIFORM,
          "the same as glorot_uniform");
    }
  }

  /** {@code glorot_normal}. */
  public static final class GlorotNormal extends Fan {
    /** For {@code ServiceLoader}. */
    public GlorotNormal() {
      super("glorot_normal", false, GLOROT_NORMAL,
          "N(0, 2 / (fanIn + fanOut)), Glorot and Bengio 2010");
    }
  }

  /** {@code xavier_normal}, the same as {@code glorot_normal}. */
  public static final class XavierNormal extends Fan {
    /** For {@code ServiceLoader}. */
    public XavierNormal() {
      super("xavier_normal", false, GLOROT_NORMAL,
          "the same as glorot_normal");
    }
  }

  /** {@code he_uniform}. */
  public static final class HeUniform extends Fan {
    /** For {@code ServiceLoader}. */
    public HeUniform() {
      super("he_uniform", true, HE_UNIFORM,
          "U(±sqrt(6 / fanIn)), He et al. 2015");
    }
  }

  /** {@code kaiming_uniform}, the same as {@code he_uniform}. */
  public static final class KaimingUniform extends Fan {
    /** For {@code ServiceLoader}. */
    public KaimingUniform() {
      super("kaiming_uniform", true, HE_UNIFORM,
          "the same as he_uniform");
    }
  }

  /** {@code he_normal}. */
  public static final class HeNormal extends Fan {
    /** For {@code ServiceLoader}. */
    public HeNormal() {
      super("he_normal", false, HE_NORMAL,
          "N(0, 2 / fanIn), He et al. 2015");
    }
  }

  /** {@code kaiming_normal}, the same as {@code he_normal}. */
  public static final class KaimingNormal extends Fan {
    /** For {@code ServiceLoader}. */
    public KaimingNormal() {
      super("kaiming_normal", false, HE_NORMAL,
          "the same as he_normal");
    }
  }

  /** {@code lecun_uniform}. */
  public static final class LecunUniform extends Fan {
    /** For {@code ServiceLoader}. */
    public LecunUniform() {
      super("lecun_uniform", true, (in, out) -> Math.sqrt(3.0 / in),
          "U(±sqrt(3 / fanIn)), LeCun et al. 1998");
    }
  }

  /** {@code lecun_normal}. */
  public static final class LecunNormal extends Fan {
    /** For {@code ServiceLoader}. */
    public LecunNormal() {
      super("lecun_normal", false, (in, out) -> Math.sqrt(1.0 / in),
          "N(0, 1 / fanIn), LeCun et al. 1998");
    }
  }

  private static void uniform(float[] w, double limit, SplittableRandom random) {
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) random.nextDouble(-limit, limit);
    }
  }

  private static void normal(float[] w, double std, SplittableRandom random) {
    for (int i = 0; i < w.length; i += 2) {
      double u1 = 1.0 - random.nextDouble();
      double u2 = random.nextDouble();
      double r = std * Math.sqrt(-2 * Math.log(u1));
      w[i] = (float) (r * Math.cos(2 * Math.PI * u2));
      if (i + 1 < w.length) {
        w[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
      }
    }
  }
}
