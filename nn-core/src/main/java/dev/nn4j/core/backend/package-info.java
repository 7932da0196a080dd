/**
 * Compute backends: {@link dev.nn4j.core.backend.JavaBackend}, the pure-Java one that runs
 * everywhere, and {@link dev.nn4j.core.backend.Backends}, which discovers the others and picks
 * one.
 */
package dev.nn4j.core.backend;
