package dev.nn4j.api;

/**
 * A plugin could not be loaded or registered: its class is missing or of the wrong type, its
 * constructor threw, or two plugins of one kind share a name. The message names the classes
 * involved and the jars they came from.
 */
public final class PluginException extends NnException {

  /**
   * @param message names the classes and jars involved
   */
  public PluginException(String message) {
    super(message);
  }

  /**
   * @param message names the classes and jars involved
   * @param cause the underlying failure
   */
  public PluginException(String message, Throwable cause) {
    super(message, cause);
  }
}
