/**
 * Contract tests for nn4j plugins. A plugin's own test class extends {@link
 * dev.nn4j.testkit.ActivationContract}, {@link dev.nn4j.testkit.LossContract}, {@link
 * dev.nn4j.testkit.OptimizerContract}, {@link dev.nn4j.testkit.LayerContract} (or another
 * contract of the package) and returns its provider; JUnit then runs every check of the
 * contract against it. Each check is also a public method, so a kit user can call one directly.
 *
 * <p>This module depends on {@code nn-api} and the JUnit Jupiter API only.
 */
package dev.nn4j.testkit;
