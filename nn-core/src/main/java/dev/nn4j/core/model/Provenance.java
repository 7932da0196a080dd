package dev.nn4j.core.model;

import dev.nn4j.api.PluginKind;
import dev.nn4j.api.spi.PluginProvider;
import dev.nn4j.core.Dataset;
import dev.nn4j.core.LayerNode;
import dev.nn4j.core.Network;
import dev.nn4j.core.PluginDiscovery;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.PluginSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a model comes from, as its file's manifest records it: the nn4j version, each plugin the
 * model uses (kind, name, version and jar), the backend, the JVM, the OS and architecture, a
 * SHA-256 fingerprint of the training data, and the time.
 *
 * <p>Thread-safety: stateless.
 */
public final class Provenance {

  private Provenance() {}

  /**
   * Records the provenance of a model trained now.
   *
   * @param network the trained network
   * @param registry the plugins it was built with
   * @param loss the loss it was trained with
   * @param data the training data, or null when unknown
   * @return the provenance, JSON-ready
   */
  public static Map<String, Object> of(Network network, PluginRegistry registry, PluginSpec loss,
      Dataset data) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("nn4j", version(Provenance.class));
    List<Object> plugins = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (LayerNode node : network.layers()) {
      plugin(registry, PluginKind.LAYER, node.type(), plugins, seen);
      if (node.spec().activation() != null) {
        plugin(registry, PluginKind.ACTIVATION, node.spec().activation().name(), plugins, seen);
      }
    }
    plugin(registry, PluginKind.LOSS, loss.name(), plugins, seen);
    out.put("plugins", plugins);
    out.put("backend", network.backend().name());
    out.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    out.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    out.put("arch", System.getProperty("os.arch"));
    if (data != null) {
      out.put("data", "sha256:" + fingerprint(data));
    }
    out.put("time", Instant.now().toString());
    return out;
  }

  private static void plugin(PluginRegistry registry, PluginKind kind, String name,
      List<Object> plugins, List<String> seen) {
    if (seen.contains(kind + ":" + name)) {
      return;
    }
    seen.add(kind + ":" + name);
    PluginProvider<?, ?> provider = registry.provider(kind, name);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("kind", kind.label());
    p.put("name", name);
    p.put("version", version(provider.getClass()));
    String origin = PluginDiscovery.origin(provider.getClass());
    p.put("jar", origin.substring(origin.lastIndexOf('/', origin.length() - 2) + 1));
    plugins.add(p);
  }

  private static String version(Class<?> type) {
    String v = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }

  /** SHA-256 of the features and targets, as shapes and little-endian floats. */
  static String fingerprint(Dataset data) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      for (dev.nn4j.api.Matrix m : List.of(data.features(), data.targets())) {
        buffer.putInt(m.rows()).putInt(m.cols());
        for (int i = 0; i < m.size(); i++) {
          if (buffer.remaining() < Float.BYTES) {
            sha.update(buffer.array(), 0, buffer.position());
            buffer.clear();
          }
          buffer.putFloat(m.data()[i]);
        }
      }
      sha.update(buffer.array(), 0, buffer.position());
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
