package dev.ork.core.compiler;

import static dev.ork.core.compiler.NodeReader.abbreviate;
import static dev.ork.core.compiler.NodeReader.isNull;
import static dev.ork.core.compiler.NodeReader.kind;
import static dev.ork.core.compiler.WorkflowCompiler.BUILTINS;
import static dev.ork.core.compiler.WorkflowCompiler.IDENTIFIER;
import static dev.ork.core.compiler.WorkflowCompiler.LEGACY_TYPES;

import dev.ork.core.workflow.TypeExpr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads the top-level {@code types:} aliases and expands type expressions. */
final class TypeReader {

  private final CompileSession session;
  private final NodeReader nodes;
  private final Map<String, MappingEntry> aliasDefs = new LinkedHashMap<>();
  private final Map<String, TypeExpr> aliasResolved = new LinkedHashMap<>();
  private final Set<String> aliasFailed = new LinkedHashSet<>();
  private final List<String> aliasResolving = new ArrayList<>();

  TypeReader(CompileSession session, NodeReader nodes) {
    this.session = session;
    this.nodes = nodes;
  }

  void readAliases(MappingEntry typesEntry) {
    var node = typesEntry.value();
    if (isNull(node)) return;
    if (!(node instanceof MappingNode m)) {
      session.error(node, ErrorCode.WRONG_KIND, "types", "types must be a mapping of alias name to type, got " + kind(node), null);
      return;
    }
    var entries = nodes.mapping(m, "types", null, null);
    for (var e : entries.values()) {
      var path = "types." + e.key();
      if (!IDENTIFIER.matcher(e.key()).matches()) {
        session.error(e.keyNode(), ErrorCode.INVALID_IDENTIFIER, path,
            "alias name '" + abbreviate(e.key()) + "' must match [A-Za-z_][A-Za-z0-9_]*", null);
        continue;
      }
      if (BUILTINS.containsKey(e.key())) {
        session.error(e.keyNode(), ErrorCode.RESERVED_ALIAS, path, "alias '" + e.key() + "' reuses a builtin type name",
            "rename the alias, e.g. '" + Character.toUpperCase(e.key().charAt(0)) + e.key().substring(1) + "Value'");
        continue;
      }
      aliasDefs.put(e.key(), e);
    }
    for (var alias : aliasDefs.keySet()) resolveAlias(alias);
  }

  private TypeExpr resolveAlias(String alias) {
    if (aliasResolved.containsKey(alias)) return aliasResolved.get(alias);
    if (aliasFailed.contains(alias)) return null;
    aliasResolving.add(alias);
    var def = aliasDefs.get(alias);
    var t = type(def.value(), "types." + alias, 0);
    aliasResolving.remove(aliasResolving.size() - 1);
    if (t == null) aliasFailed.add(alias);
    else aliasResolved.put(alias, t);
    return t;
  }

  /** The expanded type, or null after reporting why not. */
  TypeExpr type(Node node, String path, int depth) {
    if (depth > YamlReader.MAX_NESTING) {
      session.error(node, ErrorCode.YAML_LIMIT, path, "type expression is nested too deeply", null);
      return null;
    }
    if (node instanceof ScalarNode s) {
      if (s.getTag().equals(Tag.NULL)) {
        session.error(node, ErrorCode.WRONG_KIND, path, "expected a type expression, got nothing",
            "write a builtin (" + String.join(", ", BUILTINS.keySet()) + "), types.<Alias>, {field: type} or [type]");
        return null;
      }
      if (!s.getTag().equals(Tag.STR)) {
        session.error(node, ErrorCode.WRONG_KIND, path, "expected a type expression, got " + kind(node) + " '" + abbreviate(s.getValue()) + "'",
            "write a builtin (" + String.join(", ", BUILTINS.keySet()) + "), types.<Alias>, {field: type} or [type]");
        return null;
      }
      return namedType(s, s.getValue().trim(), path);
    }
    if (node instanceof SequenceNode seq) {
      if (seq.getValue().size() != 1) {
        session.error(node, ErrorCode.BAD_ARRAY_TYPE, path,
            "an array type needs exactly one element type, got " + seq.getValue().size(), "write e.g. [int]");
        return null;
      }
      var element = type(seq.getValue().get(0), path + "[]", depth + 1);
      return element == null ? null : new TypeExpr.ArrayType(element);
    }
    var m = (MappingNode) node;
    var entries = nodes.mapping(m, path, null, null);
    var fields = new TreeMap<String, TypeExpr>();
    boolean ok = true;
    for (var e : entries.values()) {
      var fieldPath = path + "." + e.key();
      if (!IDENTIFIER.matcher(e.key()).matches()) {
        session.error(e.keyNode(), ErrorCode.INVALID_IDENTIFIER, fieldPath,
            "field name '" + abbreviate(e.key()) + "' must match [A-Za-z_][A-Za-z0-9_]*", null);
        ok = false;
        continue;
      }
      var t = type(e.value(), fieldPath, depth + 1);
      if (t == null) ok = false;
      else fields.put(e.key(), t);
    }
    return ok ? new TypeExpr.ObjectType(fields) : null;
  }

  private TypeExpr namedType(Node node, String name, String path) {
    var builtin = BUILTINS.get(name);
    if (builtin != null) return new TypeExpr.Primitive(builtin);
    if (name.startsWith("types.")) {
      var alias = name.substring("types.".length());
      if (!aliasDefs.containsKey(alias)) {
        var hint = Suggest.closest(alias, aliasDefs.keySet()).map(c -> "did you mean 'types." + c + "'?")
            .orElse("define it under top-level `types:`");
        session.error(node, ErrorCode.UNKNOWN_ALIAS, path, "type alias '" + abbreviate(alias) + "' is not defined under `types`", hint);
        return null;
      }
      int at = aliasResolving.indexOf(alias);
      if (at >= 0) {
        var chain = new ArrayList<>(aliasResolving.subList(at, aliasResolving.size()));
        chain.add(alias);
        session.error(node, ErrorCode.ALIAS_CYCLE, path, "recursive type alias chain: " + String.join(" -> ", chain),
            "types cannot refer to themselves; break the chain");
        return null;
      }
      return resolveAlias(alias);
    }
    var legacy = LEGACY_TYPES.get(name.toLowerCase(Locale.ROOT));
    if (legacy != null) {
      session.error(node, ErrorCode.LEGACY_TYPE, path, "uses legacy type '" + name + "'", "use '" + legacy + "'");
      return null;
    }
    if (aliasDefs.containsKey(name)) {
      session.error(node, ErrorCode.UNKNOWN_TYPE, path, "unknown type '" + name + "'", "write 'types." + name + "' to use the alias");
      return null;
    }
    var suggestion = Suggest.didYouMean(name, BUILTINS.keySet());
    session.error(node, ErrorCode.UNKNOWN_TYPE, path, "unknown type '" + abbreviate(name) + "'",
        suggestion != null ? suggestion : "valid types: " + String.join(", ", BUILTINS.keySet()) + ", types.<Alias>");
    return null;
  }
}
