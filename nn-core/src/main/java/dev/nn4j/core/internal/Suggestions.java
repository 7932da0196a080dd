package dev.nn4j.core.internal;

import java.util.Collection;
import java.util.Locale;

/** Finds the valid name a user most likely meant, for "did you mean" messages. */
public final class Suggestions {

  private Suggestions() {}

  /**
   * Returns the candidate nearest to {@code input} by edit distance (case-insensitive; a swap of
   * two neighbouring letters is one edit), if it is near enough to be a plausible typo: at most 2
   * edits, or a third of the input's length. Among equally near candidates, the one closest in
   * length wins, then the first.
   *
   * @param input what the user wrote
   * @param candidates the valid names
   * @return the closest candidate, or null if none is close
   */
  public static String closest(String input, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    int bestLength = Integer.MAX_VALUE;
    String needle = input.toLowerCase(Locale.ROOT);
    for (String candidate : candidates) {
      int d = distance(needle, candidate.toLowerCase(Locale.ROOT));
      int length = Math.abs(candidate.length() - input.length());
      if (d < bestDistance || (d == bestDistance && length < bestLength)) {
        best = candidate;
        bestDistance = d;
        bestLength = length;
      }
    }
    return bestDistance <= Math.max(2, input.length() / 3) ? best : null;
  }

  /** Optimal-string-alignment distance: insertions, deletions, substitutions and swaps. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
