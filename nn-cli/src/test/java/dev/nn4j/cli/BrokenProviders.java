package dev.nn4j.cli;

import dev.nn4j.api.NoParameters;
import dev.nn4j.api.spi.Loss;
import dev.nn4j.api.spi.LossProvider;

/**
 * Loss providers with the bugs a plugin jar may bring, each listed by a test in a jar of its own
 * (none is in this module's services file) to see what the command says about it.
 */
final class BrokenProviders {

  private BrokenProviders() {}

  /** The parts every broken provider shares; each overrides the one it gets wrong. */
  public abstract static class Base implements LossProvider<NoParameters> {
    @Override
    public String name() {
      return getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Class<NoParameters> parametersType() {
      return NoParameters.class;
    }

    @Override
    public NoParameters defaultParameters() {
      return NoParameters.INSTANCE;
    }

    @Override
    public Loss create(NoParameters parameters) {
      throw new UnsupportedOperationException("never created");
    }
  }

  /** {@code name()} throws. */
  public static final class ThrowingName extends Base {
    @Override
    public String name() {
      throw new IllegalStateException("no name today");
    }
  }

  /** {@code parametersType()} returns null. */
  public static final class NullType extends Base {
    @Override
    public Class<NoParameters> parametersType() {
      return null;
    }
  }

  /** {@code create()} returns null. */
  public static final class NullCreate extends Base {
    @Override
    public Loss create(NoParameters parameters) {
      return null;
    }
  }

  /** Ends the JVM, with status 0, while it is being loaded. */
  public static final class Exiting extends Base {
    /** Calls System.exit(0), as a careless plugin might. */
    public Exiting() {
      System.exit(0);
    }
  }

  /** Throws in its static initializer, as a plugin missing its licence file might. */
  public static final class StaticInit extends Base {
    private static final String LICENCE = licence();

    private static String licence() {
      throw new IllegalStateException("no licence here");
    }

    @Override
    public String name() {
      return LICENCE;
    }
  }
}
