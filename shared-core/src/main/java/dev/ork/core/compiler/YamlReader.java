package dev.ork.core.compiler;

import java.io.StringReader;
import java.util.Iterator;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Composes the SnakeYAML node tree (with exact marks) of a single-document YAML text, under safety
 * limits. Problems become diagnostics, never exceptions.
 */
final class YamlReader {
  static final int MAX_ALIASES = 50;
  static final int MAX_NESTING = 64;

  private YamlReader() {}

  /** The document node, or null after reporting a problem to {@code sink}. */
  static Node compose(String text, int maxCodePoints, Sink sink) {
    var options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(maxCodePoints);
    options.setAllowRecursiveKeys(false);
    options.setAllowDuplicateKeys(true); // duplicates are reported by the compiler, with both positions
    try {
      Iterator<Node> docs = new Yaml(options).composeAll(new StringReader(text)).iterator();
      if (!docs.hasNext()) {
        sink.report(1, 1, ErrorCode.EMPTY_DOCUMENT, "$", "the file holds no YAML document",
            "a workflow needs at least `name:` and `tasks:`");
        return null;
      }
      Node root = docs.next();
      if (docs.hasNext()) {
        Node second = docs.next();
        Mark m = second.getStartMark();
        sink.report(m.getLine() + 1, m.getColumn() + 1, ErrorCode.MULTIPLE_DOCUMENTS, "$",
            "the file holds more than one YAML document", "put each workflow in its own file; remove the `---` separator");
        return null;
      }
      if (root instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
        sink.report(1, 1, ErrorCode.EMPTY_DOCUMENT, "$", "the YAML document is empty",
            "a workflow needs at least `name:` and `tasks:`");
        return null;
      }
      Node oversized = AliasExpansion.oversized(root);
      if (oversized != null) {
        Mark m = oversized.getStartMark();
        sink.report(m.getLine() + 1, m.getColumn() + 1, ErrorCode.YAML_LIMIT, "$",
            "with its aliases (*name) expanded, this value is over " + AliasExpansion.MAX_EXPANDED_CHARS
                + " characters (or refers to itself); Ork caps the expanded document at the size a workflow file may have",
            "do not repeat large anchored values through aliases; pass large data as a task input at run time");
        return null;
      }
      return root;
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      int line = m == null ? 1 : m.getLine() + 1;
      int col = m == null ? 1 : m.getColumn() + 1;
      var problem = e.getProblem() != null ? e.getProblem() : String.valueOf(e.getMessage());
      var context = e.getContext();
      var msg = context == null ? problem : context + ": " + problem;
      sink.report(line, col, ErrorCode.YAML_SYNTAX, "$", oneLine(msg), syntaxHint(msg));
      return null;
    } catch (ReaderException e) {
      int[] lc = lineCol(text, e.getPosition());
      sink.report(lc[0], lc[1], ErrorCode.YAML_SYNTAX, "$",
          "special character U+" + String.format("%04X", e.getCodePoint()) + " is not allowed in YAML",
          "is this a text file? remove control characters");
      return null;
    } catch (YAMLException e) {
      var msg = oneLine(String.valueOf(e.getMessage()));
      var lower = msg.toLowerCase(java.util.Locale.ROOT);
      if (lower.contains("alias") || lower.contains("nesting") || lower.contains("exceeds the limit")) {
        sink.report(1, 1, ErrorCode.YAML_LIMIT, "$", msg,
            "Ork caps aliases at " + MAX_ALIASES + " and nesting at " + MAX_NESTING + " levels; simplify the document");
      } else {
        sink.report(1, 1, ErrorCode.YAML_SYNTAX, "$", msg, null);
      }
      return null;
    } catch (StackOverflowError e) {
      sink.report(1, 1, ErrorCode.YAML_LIMIT, "$", "the document is nested too deeply", null);
      return null;
    }
  }

  /** What to do about a SnakeYAML complaint, in the user's terms; never null. */
  static String syntaxHint(String msg) {
    if (msg.contains("\\t") || msg.contains("tab")) return "YAML indentation must use spaces, not tabs";
    if (msg.contains("mapping values are not allowed")) return "quote a value that contains ': ', or fix the indentation";
    if (msg.contains("flow sequence") || msg.contains("flow mapping")) {
      return "an inline [list] or {mapping} is not closed, or lacks a comma between items; quote items that contain ':', '[' or '{'";
    }
    if (msg.contains("quoted scalar")) return "a quoted string is not closed: add the closing quote (a ' inside '...' is written '')";
    if (msg.contains("could not find expected ':'")) return "a key needs ': ' after it; write a multi-line string with | or >";
    if (msg.contains("undefined alias")) return "an alias *name needs an anchor &name earlier in the file";
    if (msg.contains("expected <block end>") || msg.contains("did not find expected")) {
      return "check the indentation: the keys of one mapping, and the '- ' items of one list, must line up";
    }
    if (msg.contains("cannot start any token")) return "quote the value: it starts with a character YAML reserves (@, `, %)";
    return "check the indentation and quoting at that line; quote values containing ': ' or ' #' or starting with [ { * & ! | > ' \"";
  }

  static String oneLine(String s) {
    var t = s.replaceAll("\\s+", " ").trim();
    return t.length() > 300 ? t.substring(0, 297) + "..." : t;
  }

  /** 1-based line and column of a code point index. */
  static int[] lineCol(String text, int codePointIndex) {
    int line = 1, col = 1, cp = 0;
    for (int i = 0; i < text.length() && cp < codePointIndex; ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      cp++;
      if (c == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new int[] {line, col};
  }

  interface Sink {
    void report(int line, int col, ErrorCode code, String path, String message, String hint);
  }
}
