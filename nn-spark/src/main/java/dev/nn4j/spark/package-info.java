/**
 * nn4j on Apache Spark: {@link dev.nn4j.spark.SyncDataParallel}, synchronous data-parallel
 * training behind the core's {@link dev.nn4j.core.GradientStrategy} seam; parameter averaging
 * (local SGD) over a DataFrame's cached partitions; and the Spark ML pairs {@link
 * dev.nn4j.spark.Nn4jClassifier} / {@link dev.nn4j.spark.Nn4jClassificationModel} and {@link
 * dev.nn4j.spark.Nn4jRegressor} / {@link dev.nn4j.spark.Nn4jRegressionModel}, which train by
 * either algorithm ({@code training.distributed.algorithm}).
 *
 * <p>nn4j's records are not {@code Serializable}: what crosses to executors is the network
 * section's text, the plugins' texts and raw float arrays (or a model file's own bytes), and each
 * executor rebuilds the objects with the plugins installed there.
 */
package dev.nn4j.spark;
