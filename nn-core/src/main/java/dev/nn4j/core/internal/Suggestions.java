package dev.nn4j.core.internal;

import java.util.Collection;

/** Finds the valid name a user most likely meant, for "did you mean" messages. */
public final class Suggestions {

  private Suggestions() {}

  /**
   * Returns the candidate nearest to {@code input} by edit distance (case-insensitive), if it is
   * near enough to be a plausible typo: at most 2 edits, or a third of the input's length.
   *
   * @param input what the user wrote
   * @param candidates the valid names
   * @return the closest candidate, or null if none is close
   */
  public static String closest(String input, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String needle = input.toLowerCase(java.util.Locale.ROOT);
    for (String candidate : candidates) {
      int d = distance(needle, candidate.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(2, input.length() / 3) ? best : null;
  }

  /** Levenshtein distance with two rolling rows. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }
}
