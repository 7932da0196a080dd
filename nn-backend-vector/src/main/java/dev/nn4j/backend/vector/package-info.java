/**
 * The {@code vector} compute backend: matrix products written with the Java Vector API
 * ({@code jdk.incubator.vector}), register-blocked. Needs {@code --add-modules
 * jdk.incubator.vector} at run time; without it the backend reports itself unavailable and nn4j
 * uses the pure-Java one.
 */
package dev.nn4j.backend.vector;
