/**
 * What users of nn4j touch: the {@link dev.nn4j.api.Matrix} view that data travels in, the
 * {@link dev.nn4j.api.Parameter} and {@link dev.nn4j.api.OptimizerState} values, and the typed
 * exceptions every module throws ({@link dev.nn4j.api.NnException} and its subclasses).
 *
 * <p>This package and {@link dev.nn4j.api.spi} have no dependencies outside the JDK.
 */
package dev.nn4j.api;
