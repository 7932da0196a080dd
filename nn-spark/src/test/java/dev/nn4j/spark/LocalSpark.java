package dev.nn4j.spark;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one way tests start Spark: local[2] (or another local master), bound to 127.0.0.1, no UI,
 * few shuffle partitions.
 */
final class LocalSpark {

  private LocalSpark() {}

  static SparkSession start(String name) {
    return start(name, "local[2]", Map.of());
  }

  /**
   * As {@link #start(String)} with another master, e.g. {@code local[2,3]} (3 tries a task), and
   * more settings, e.g. a cluster's {@code spark.serializer}.
   */
  static SparkSession start(String name, String master, Map<String, String> settings) {
    SparkSession.Builder builder = SparkSession.builder()
        .appName(name)
        .master(master)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.adaptive.enabled", "false");
    settings.forEach(builder::config);
    return builder.getOrCreate();
  }
}
