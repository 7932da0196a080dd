package dev.nn4j.spark;

import dev.nn4j.api.PluginKind;
import dev.nn4j.api.spi.PluginProvider;
import dev.nn4j.core.PluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What several Spark tests need: an executor that lacks a plugin, a saved model's file. */
final class TestSupport {

  private TestSupport() {}

  /** Executors whose class path has every discovered plugin but the named one. */
  static ExecutorRegistry executorsWithout(PluginKind missingKind, String missingName) {
    return () -> {
      PluginRegistry all = PluginRegistry.discover();
      List<PluginProvider<?, ?>> kept = new ArrayList<>();
      for (PluginKind kind : PluginKind.values()) {
        for (PluginProvider<?, ?> p : all.providers(kind)) {
          if (!(kind == missingKind && p.name().equals(missingName))) {
            kept.add(p);
          }
        }
      }
      return PluginRegistry.of(kept);
    };
  }

  /** The {@code model.nn4j} that Spark ML wrote somewhere below a folder. */
  static Path modelFileIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.getFileName().toString().equals(Fitting.MODEL_FILE))
          .findFirst().orElseThrow();
    }
  }
}
