package dev.nn4j.core;

/**
 * A provider whose constructor fails, as a plugin with a bad static initialiser or a missing
 * dependency would. Listed only by tests that build their own service files.
 */
public final class ThrowingActivationProvider extends CubeActivationProvider {

  /** Always throws. */
  public ThrowingActivationProvider() {
    throw new IllegalStateException("license file not found");
  }
}
