/**
 * nn4j on Apache Spark: {@link dev.nn4j.spark.SyncDataParallel}, synchronous data-parallel
 * training behind the core's {@link dev.nn4j.core.GradientStrategy} seam, and the Spark ML pair
 * {@link dev.nn4j.spark.Nn4jClassifier} / {@link dev.nn4j.spark.Nn4jClassificationModel}.
 *
 * <p>nn4j's records are not {@code Serializable}: what crosses to executors is the network
 * section's text, the loss's text and raw float arrays (or a model file's own bytes), and each
 * executor rebuilds the objects with the plugins installed there.
 */
package dev.nn4j.spark;
