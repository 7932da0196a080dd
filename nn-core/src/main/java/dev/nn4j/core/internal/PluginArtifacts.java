package dev.nn4j.core.internal;

import dev.nn4j.api.PluginKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which of nn4j's own artifacts provides each built-in plugin name that nn-core does not, so that
 * a name unknown only because its module is missing from the class path can say which one to add.
 * A table, not a lookup: it must be kept in step with the plugin modules' service files (a test
 * compares them).
 *
 * <p>Thread-safety: immutable.
 */
public final class PluginArtifacts {

  /** The artifact with every built-in plugin module. */
  public static final String ALL = "dev.nn4j:nn4j-all";

  private static final Map<PluginKind, Map<String, String>> TABLE = table();

  private PluginArtifacts() {}

  private static Map<PluginKind, Map<String, String>> table() {
    Map<PluginKind, Map<String, String>> t = new EnumMap<>(PluginKind.class);
    put(t, PluginKind.ACTIVATION, "dev.nn4j:nn-activations", List.of("identity", "sigmoid",
        "tanh", "relu", "leaky_relu", "elu", "selu", "gelu", "softplus", "softsign", "silu",
        "hard_sigmoid", "softmax"));
    put(t, PluginKind.LOSS, "dev.nn4j:nn-losses", List.of("squared_error", "mse",
        "binary_cross_entropy", "categorical_cross_entropy", "mae", "huber", "hinge",
        "kl_divergence", "sparse_categorical_cross_entropy", "poisson", "log_cosh",
        "cosine_similarity"));
    put(t, PluginKind.OPTIMIZER, "dev.nn4j:nn-optimizers", List.of("sgd", "adam", "adamw",
        "nadam", "rmsprop", "adagrad", "adadelta"));
    put(t, PluginKind.SCHEDULE, "dev.nn4j:nn-optimizers", List.of("constant", "step",
        "exponential", "cosine"));
    put(t, PluginKind.LAYER, "dev.nn4j:nn-layers", List.of("flatten", "global_avg_pool2d",
        "max_pool2d", "avg_pool2d", "conv2d", "batch_norm", "layer_norm", "embedding"));
    for (PluginKind kind : PluginKind.values()) {
      t.putIfAbsent(kind, Map.of());
    }
    return Map.copyOf(t);
  }

  private static void put(Map<PluginKind, Map<String, String>> t, PluginKind kind,
      String artifact, List<String> names) {
    Map<String, String> m = new java.util.HashMap<>(t.getOrDefault(kind, Map.of()));
    names.forEach(n -> m.put(n, artifact));
    t.put(kind, Map.copyOf(m));
  }

  /**
   * Returns the artifact of ours that provides a plugin.
   *
   * @param kind the kind
   * @param name the name
   * @return its Maven coordinates, {@code groupId:artifactId}, or null if it is not one of ours
   *     outside nn-core
   */
  public static String of(PluginKind kind, String name) {
    return TABLE.get(kind).get(name);
  }

  /** Returns the names of a kind that an artifact of ours provides, for tests. */
  public static Map<String, String> of(PluginKind kind) {
    return TABLE.get(kind);
  }
}
