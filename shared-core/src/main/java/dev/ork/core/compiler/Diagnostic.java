package dev.ork.core.compiler;

import java.util.Comparator;

/**
 * One problem found in a workflow file. {@code line} and {@code col} are 1-based; {@code path} is the
 * dotted location in the document ({@code $} for the document itself); {@code hint} may be null.
 */
public record Diagnostic(
    String file, int line, int col, ErrorCode code, String path, String message, String hint) {

  public static final Comparator<Diagnostic> ORDER =
      Comparator.comparingInt(Diagnostic::line)
          .thenComparingInt(Diagnostic::col)
          .thenComparing(d -> d.code().code())
          .thenComparing(Diagnostic::path)
          .thenComparing(Diagnostic::message);

  /** {@code file:line:col: error[code]: path: message}, plus an indented hint line when present. */
  public String render() {
    var head = file + ":" + line + ":" + col + ": error[" + code.code() + "]: " + path + ": " + message;
    return hint == null ? head : head + "\n  hint: " + hint;
  }
}
