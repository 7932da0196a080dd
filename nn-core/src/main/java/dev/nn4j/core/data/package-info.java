/**
 * Datasets from files: {@link dev.nn4j.core.data.CsvReader} and {@link
 * dev.nn4j.core.data.IdxReader} (gzip read transparently), seeded {@link
 * dev.nn4j.core.data.Splits}, and the feature {@link dev.nn4j.core.data.Scaler} fitted on the
 * training split. {@link dev.nn4j.core.data.DataLoader} does all of it from a {@link
 * dev.nn4j.core.config.DataSpec}.
 */
package dev.nn4j.core.data;
