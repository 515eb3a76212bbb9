package dev.ork.core.testing;

import java.util.ArrayList;

/** One random edit of a YAML text, for fuzzing the compiler with near-valid workflows (jqwik properties). */
public final class YamlMutations {
  private YamlMutations() {}

  /** What edit 6 inserts: flow collections, anchors and aliases, tags, odd scalars, comments. */
  public static final java.util.List<String> TOKENS = java.util.List.of("[", "]", "{", "}", ", ", ": ", "- ", "&a ",
      "*a", "!!str ", "!!binary ", "~", "null", "-1", "1e9", "0x10", "\"", "'", "# ", "? ", "|", ">", "<<: *a", "\t",
      "${x}", "{ref: tasks.x.output}", "[a, b]", "99999999999999999999");

  /**
   * Edit {@code op % 7} of {@code text}: 0 drops line a, 1 copies line a before line b, 2 swaps lines a
   * and b, 3 replaces a character of line a with {@code c}, 4 swaps two neighbouring characters, 5
   * indents line a, 6 inserts one of {@link #TOKENS} (picked by {@code c}) into line a (line and
   * character indexes taken modulo the sizes).
   */
  public static String mutate(String text, int op, int a, int b, char c) {
    var lines = new ArrayList<>(text.lines().toList());
    if (lines.isEmpty()) return text;
    int i = a % lines.size();
    int j = b % lines.size();
    switch (op % 7) {
      case 0 -> lines.remove(i);
      case 1 -> lines.add(j, lines.get(i));
      case 2 -> {
        var s = lines.get(i);
        lines.set(i, lines.get(j));
        lines.set(j, s);
      }
      case 3 -> {
        var s = lines.get(i);
        if (!s.isEmpty()) {
          int k = b % s.length();
          lines.set(i, s.substring(0, k) + c + s.substring(k + 1));
        }
      }
      case 4 -> {
        var s = lines.get(i);
        if (s.length() > 1) {
          int k = b % (s.length() - 1);
          lines.set(i, s.substring(0, k) + s.charAt(k + 1) + s.charAt(k) + s.substring(k + 2));
        }
      }
      case 5 -> lines.set(i, "  " + lines.get(i));
      default -> { // a YAML token that changes a value's kind or the structure
        var s = lines.get(i);
        int k = s.isEmpty() ? 0 : b % s.length();
        lines.set(i, s.substring(0, k) + TOKENS.get(c % TOKENS.size()) + s.substring(k));
      }
    }
    return String.join("\n", lines) + "\n";
  }
}
