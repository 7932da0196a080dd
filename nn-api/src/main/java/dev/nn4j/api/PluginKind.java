package dev.nn4j.api;

import dev.nn4j.api.spi.ActivationProvider;
import dev.nn4j.api.spi.InitializerProvider;
import dev.nn4j.api.spi.LayerProvider;
import dev.nn4j.api.spi.LossProvider;
import dev.nn4j.api.spi.MetricProvider;
import dev.nn4j.api.spi.OptimizerProvider;
import dev.nn4j.api.spi.PluginProvider;
import dev.nn4j.api.spi.ScheduleProvider;

/** The kinds of plugin nn4j discovers, each with the provider interface that registers it. */
public enum PluginKind {
  /** {@link ActivationProvider}: element-wise or row-wise nonlinearities. */
  ACTIVATION("activation", "activations", ActivationProvider.class),
  /** {@link LossProvider}: cost functions. */
  LOSS("loss", "losses", LossProvider.class),
  /** {@link OptimizerProvider}: parameter update rules. */
  OPTIMIZER("optimizer", "optimizers", OptimizerProvider.class),
  /** {@link ScheduleProvider}: learning-rate schedules. */
  SCHEDULE("schedule", "schedules", ScheduleProvider.class),
  /** {@link LayerProvider}: layers of a network, the {@code type} of a configuration's layer. */
  LAYER("layer", "layers", LayerProvider.class),
  /** {@link InitializerProvider}: how weights start. */
  INITIALIZER("initializer", "initializers", InitializerProvider.class),
  /** {@link MetricProvider}: what is measured on validation and test data. */
  METRIC("metric", "metrics", MetricProvider.class);

  private final String label;
  private final String plural;
  private final Class<? extends PluginProvider<?, ?>> providerType;

  @SuppressWarnings({"unchecked", "rawtypes"})
  PluginKind(String label, String plural, Class providerType) {
    this.label = label;
    this.plural = plural;
    this.providerType = providerType;
  }

  /** Returns the lower-case word used in messages and configs, e.g. {@code "activation"}. */
  public String label() {
    return label;
  }

  /** Returns the plural for messages: "activations", "losses", "optimizers", "schedules". */
  public String plural() {
    return plural;
  }

  /** Returns the provider interface named in {@code META-INF/services}. */
  public Class<? extends PluginProvider<?, ?>> providerType() {
    return providerType;
  }

  /**
   * Returns the kind a provider belongs to.
   *
   * @param provider a provider implementing exactly one of the provider interfaces
   * @return its kind
   * @throws PluginException if it implements none
   */
  public static PluginKind of(PluginProvider<?, ?> provider) {
    for (PluginKind kind : values()) {
      if (kind.providerType.isInstance(provider)) {
        return kind;
      }
    }
    throw new PluginException(
        provider.getClass().getName()
            + " implements PluginProvider directly; implement one of ActivationProvider,"
            + " LossProvider, OptimizerProvider, ScheduleProvider, LayerProvider,"
            + " InitializerProvider or MetricProvider instead");
  }

  @Override
  public String toString() {
    return label;
  }
}
