package dev.ork.core.compiler;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean" suggestions by edit distance. */
final class Suggest {
  private Suggest() {}

  /**
   * The candidate nearest to {@code word}: spelled the same but for case, '_' and '-' (depends-on,
   * dependsOn), else within a small edit distance, else the one candidate it is a prefix of (dep).
   */
  static Optional<String> closest(String word, Collection<String> candidates) {
    var key = normalise(word);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String prefixOf = null;
    int prefixes = 0;
    for (var c : candidates) {
      var candidate = normalise(c);
      if (candidate.equals(key)) return Optional.of(c);
      int d = distance(key, candidate);
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
      if (key.length() >= 3 && candidate.startsWith(key)) {
        prefixOf = c;
        prefixes++;
      }
    }
    int allowed = Math.max(1, Math.min(3, word.length() / 2));
    if (best != null && bestDistance <= allowed) return Optional.of(best);
    return prefixes == 1 ? Optional.of(prefixOf) : Optional.empty();
  }

  private static String normalise(String s) {
    return s.toLowerCase(java.util.Locale.ROOT).replace("_", "").replace("-", "");
  }

  static String didYouMean(String word, Collection<String> candidates) {
    return closest(word, candidates).map(c -> "did you mean '" + c + "'?").orElse(null);
  }

  static int distance(String a, String b) {
    if (a.length() > 64 || b.length() > 64) return Integer.MAX_VALUE / 2;
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      var t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
