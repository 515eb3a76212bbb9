package dev.ork.core.compiler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads YAML nodes as keys, strings, numbers and JSON values, reporting wrong kinds to the session. */
final class NodeReader {

  private final CompileSession session;
  private int jsonBudget = 100_000;

  NodeReader(CompileSession session) {
    this.session = session;
  }

  /** Keys in order; reports duplicates, non-string keys and (when allowed is set) unknown keys. */
  Map<String, MappingEntry> mapping(MappingNode m, String path, Set<String> allowed, String what) {
    var out = new LinkedHashMap<String, MappingEntry>();
    for (NodeTuple tuple : m.getValue()) {
      var keyNode = tuple.getKeyNode();
      var prefix = path.isEmpty() ? "" : path + ".";
      if (!(keyNode instanceof ScalarNode ks) || isNull(keyNode)) {
        session.error(keyNode, ErrorCode.WRONG_KIND, path.isEmpty() ? "$" : path, "keys must be plain strings, got " + kind(keyNode), null);
        continue;
      }
      var key = ks.getValue();
      if (out.containsKey(key)) {
        var first = out.get(key).keyNode().getStartMark();
        session.error(keyNode, ErrorCode.DUPLICATE_KEY, prefix + key,
            "duplicate key '" + abbreviate(key) + "' (first defined at line " + (first.getLine() + 1) + ")", "remove or rename one of them");
        continue;
      }
      if (allowed != null && !allowed.contains(key)) {
        var suggestion = Suggest.didYouMean(key, allowed);
        var hint = suggestion != null ? suggestion : "allowed keys in a " + what + ": " + String.join(", ", allowed);
        if (key.equals("<<")) hint = "YAML merge keys are not supported; write the fields out";
        session.error(keyNode, ErrorCode.UNKNOWN_KEY, prefix + key, "unknown key '" + abbreviate(key) + "' in " + what, hint);
        continue;
      }
      out.put(key, new MappingEntry(key, keyNode, tuple.getValueNode()));
    }
    return out;
  }

  String string(Node node, String path, boolean nonBlank) {
    if (!(node instanceof ScalarNode s) || (isNull(node) && !nonBlank)) {
      session.error(node, ErrorCode.WRONG_KIND, path, "expected a string, got " + kind(node), null);
      return null;
    }
    if (isNull(node) || ((ScalarNode) node).getValue().isBlank()) {
      session.error(node, ErrorCode.EMPTY_VALUE, path, "must not be empty", null);
      return null;
    }
    return ((ScalarNode) node).getValue();
  }

  String scalarText(Node node, String path) {
    if (!(node instanceof ScalarNode s) || isNull(node)) {
      session.error(node, ErrorCode.WRONG_KIND, path, "expected a string, got " + kind(node), null);
      return null;
    }
    return s.getValue();
  }

  Long integer(Node node, String path) {
    if (node instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
      var v = json(node, path, 0);
      if (v != null && v.canConvertToLong()) return v.asLong();
    }
    session.error(node, ErrorCode.WRONG_KIND, path, "expected an integer, got " + kind(node)
        + (node instanceof ScalarNode s && !isNull(node) ? " '" + abbreviate(s.getValue()) + "'" : ""), null);
    return null;
  }

  Boolean bool(Node node, String path) {
    if (node instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
      return json(node, path, 0).asBoolean();
    }
    session.error(node, ErrorCode.WRONG_KIND, path, "expected true or false, got " + kind(node), null);
    return null;
  }

  List<String> stringList(MappingEntry e, String path) {
    var out = new ArrayList<String>();
    if (e == null || isNull(e.value())) return out;
    if (!(e.value() instanceof SequenceNode seq)) {
      session.error(e.value(), ErrorCode.WRONG_KIND, path, "expected a list of strings, got " + kind(e.value()), null);
      return out;
    }
    int i = 0;
    for (var item : seq.getValue()) {
      var s = string(item, path + "[" + i++ + "]", true);
      if (s != null) out.add(s);
    }
    return out;
  }

  /** A YAML value as JSON (YAML 1.1 scalar resolution, as SnakeYAML tags it); null after an error. */
  JsonNode json(Node node, String path, int depth) {
    var f = JsonNodeFactory.instance;
    if (depth > YamlReader.MAX_NESTING || --jsonBudget < 0) {
      session.error(node, ErrorCode.YAML_LIMIT, path, "value is nested too deeply or too large", "keep const values small");
      return null;
    }
    if (node instanceof ScalarNode s) {
      var v = s.getValue();
      var tag = s.getTag();
      if (tag.equals(Tag.NULL)) return f.nullNode();
      if (tag.equals(Tag.BOOL)) return f.booleanNode(Set.of("true", "yes", "on", "y").contains(v.toLowerCase(Locale.ROOT)));
      if (tag.equals(Tag.INT)) {
        var n = parseInt(v);
        return n == null ? f.textNode(v) : n.bitLength() < 64 ? f.numberNode(n.longValue()) : f.numberNode(n);
      }
      if (tag.equals(Tag.FLOAT)) {
        try {
          var d = Double.parseDouble(v.replace("_", ""));
          return Double.isFinite(d) ? f.numberNode(d) : f.textNode(v);
        } catch (NumberFormatException ex) {
          return f.textNode(v);
        }
      }
      return f.textNode(v);
    }
    if (node instanceof SequenceNode seq) {
      ArrayNode a = f.arrayNode();
      int i = 0;
      for (var item : seq.getValue()) {
        var j = json(item, path + "[" + i++ + "]", depth + 1);
        if (j == null) return null;
        a.add(j);
      }
      return a;
    }
    ObjectNode o = f.objectNode();
    for (var e : mapping((MappingNode) node, path, null, null).values()) {
      var j = json(e.value(), path + "." + e.key(), depth + 1);
      if (j == null) return null;
      o.set(e.key(), j);
    }
    return o;
  }

  static BigInteger parseInt(String raw) {
    try {
      var v = raw.replace("_", "");
      boolean neg = v.startsWith("-");
      if (v.startsWith("-") || v.startsWith("+")) v = v.substring(1);
      BigInteger n;
      if (v.startsWith("0x")) n = new BigInteger(v.substring(2), 16);
      else if (v.startsWith("0o")) n = new BigInteger(v.substring(2), 8);
      else if (v.startsWith("0b")) n = new BigInteger(v.substring(2), 2);
      else if (v.length() > 1 && v.startsWith("0")) n = new BigInteger(v.substring(1), 8);
      else n = new BigInteger(v);
      return neg ? n.negate() : n;
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      return null;
    }
  }

  static JsonNode canonical(JsonNode v) {
    if (v.isObject()) {
      var o = JsonNodeFactory.instance.objectNode();
      var names = new ArrayList<String>();
      v.fieldNames().forEachRemaining(names::add);
      names.stream().sorted().forEach(n -> o.set(n, canonical(v.get(n))));
      return o;
    }
    if (v.isArray()) {
      var a = JsonNodeFactory.instance.arrayNode();
      v.forEach(x -> a.add(canonical(x)));
      return a;
    }
    return v;
  }

  static boolean isNull(Node n) {
    return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  static String kind(Node n) {
    if (n instanceof MappingNode) return "a mapping";
    if (n instanceof SequenceNode) return "a list";
    var s = (ScalarNode) n;
    var tag = s.getTag();
    if (tag.equals(Tag.NULL)) return "nothing (null)";
    if (tag.equals(Tag.INT)) return "an integer";
    if (tag.equals(Tag.FLOAT)) return "a number";
    if (tag.equals(Tag.BOOL)) return "a boolean";
    return "a string";
  }

  static String abbreviate(String s) {
    var oneLine = s.replaceAll("[\\p{Cntrl}]", "?");
    return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
  }
}
