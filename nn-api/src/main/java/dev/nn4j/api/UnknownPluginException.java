package dev.nn4j.api;

import java.util.List;
import java.util.Optional;

/**
 * A configuration or a call named a plugin that is not installed. The message lists what is
 * installed for that kind and, where one is close, the name the user probably meant.
 */
public final class UnknownPluginException extends NnException {

  private final PluginKind kind;
  private final String name;
  private final List<String> installed;
  private final String closest;
  private final String artifact;

  /**
   * @param kind the kind looked up
   * @param name the name that was not found
   * @param installed the names installed for that kind, sorted
   * @param closest the installed name nearest to {@code name}, or null if none is near
   */
  public UnknownPluginException(
      PluginKind kind, String name, List<String> installed, String closest) {
    this(kind, name, installed, closest, null, null);
  }

  /**
   * A name that one of nn4j's own artifacts provides, missing from the class path.
   *
   * @param kind the kind looked up
   * @param name the name that was not found
   * @param installed the names installed for that kind, sorted
   * @param closest the installed name nearest to {@code name}, or null if none is near
   * @param artifact the Maven coordinates ({@code groupId:artifactId}) of the artifact that
   *     provides {@code name}, or null if none of ours does
   * @param all the coordinates of the artifact with every built-in plugin, or null
   */
  public UnknownPluginException(PluginKind kind, String name, List<String> installed,
      String closest, String artifact, String all) {
    super(message(kind, name, installed, closest, artifact, all));
    this.kind = kind;
    this.name = name;
    this.installed = List.copyOf(installed);
    this.closest = closest;
    this.artifact = artifact;
  }

  private static String message(PluginKind kind, String name, List<String> installed,
      String closest, String artifact, String all) {
    StringBuilder sb = new StringBuilder("unknown ").append(kind.label()).append(" '")
        .append(name).append("'");
    if (artifact != null) {
      sb.append(": ").append(name).append(" is in ").append(artifact)
          .append(", which is not on the class path; add it")
          .append(all == null ? "" : ", or use " + all).append('.');
    } else {
      sb.append(closest == null ? "." : "; did you mean '" + closest + "'?");
    }
    sb.append(" Installed ").append(kind.plural()).append(": ")
        .append(installed.isEmpty() ? "(none)" : String.join(", ", installed));
    return sb.toString();
  }

  /**
   * Returns the artifact of nn4j's that provides the name, if it is one of nn4j's built-in
   * plugins missing from the class path.
   */
  public Optional<String> artifact() {
    return Optional.ofNullable(artifact);
  }

  /** Returns the kind that was looked up. */
  public PluginKind kind() {
    return kind;
  }

  /** Returns the name that was not found. */
  public String name() {
    return name;
  }

  /** Returns the installed names of that kind. */
  public List<String> installed() {
    return installed;
  }

  /** Returns the closest installed name, if one is near enough to suggest. */
  public Optional<String> closest() {
    return Optional.ofNullable(closest);
  }
}
