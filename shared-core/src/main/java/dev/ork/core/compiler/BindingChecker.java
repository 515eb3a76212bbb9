package dev.ork.core.compiler;

import static dev.ork.core.compiler.NodeReader.abbreviate;
import static dev.ork.core.compiler.NodeReader.isNull;
import static dev.ork.core.compiler.NodeReader.kind;

import dev.ork.core.workflow.Binding;
import dev.ork.core.workflow.TypeCheck;
import dev.ork.core.workflow.TypeExpr;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads a task's {@code inputs:} and checks each const against, and each ref into, the declared types. */
final class BindingChecker {

  private final CompileSession session;
  private final NodeReader nodes;
  private final Map<String, TaskDraft> tasks;

  BindingChecker(CompileSession session, NodeReader nodes) {
    this.session = session;
    this.nodes = nodes;
    this.tasks = session.tasks;
  }

  void read(TaskDraft t) {
    var path = "tasks." + t.name;
    if (t.hasForeach()) readForeach(t, t.fields.get("foreach"), path + ".foreach");
    var inputsEntry = t.fields.get("inputs");
    var inputTypeEntry = t.fields.get("input_type");
    var declared = t.inputType instanceof TypeExpr.ObjectType o ? o.fields() : null;
    if (inputsEntry == null) {
      if (declared != null) {
        for (var k : declared.keySet()) {
          session.error(inputTypeEntry.value(), ErrorCode.MISSING_BINDING, path + ".inputs",
              "input_type declares '" + k + "' but the task has no inputs", "add `inputs: {" + k + ": {const: ...}}` or a ref");
        }
      }
      return;
    }
    var node = inputsEntry.value();
    if (isNull(node)) node = null;
    if (node != null && !(node instanceof MappingNode)) {
      session.error(node, ErrorCode.WRONG_KIND, path + ".inputs", "inputs must be a mapping of argument to binding, got " + kind(node), null);
      return;
    }
    if (inputTypeEntry == null) {
      session.error(inputsEntry.keyNode(), ErrorCode.MISSING_INPUT_TYPE, path + ".inputs",
          "task '" + t.name + "' defines 'inputs' but is missing 'input_type'",
          "declare the arguments, e.g. `input_type: {x: int}`");
    }
    var bindings = node == null ? Map.<String, MappingEntry>of() : nodes.mapping((MappingNode) node, path + ".inputs", null, null);
    if (declared != null) {
      for (var k : declared.keySet()) {
        if (!bindings.containsKey(k)) {
          session.error(node == null ? inputsEntry.keyNode() : node, ErrorCode.MISSING_BINDING, path + ".inputs",
              "inputs missing binding for '" + k + "'", "add `" + k + ": {const: ...}` or `" + k + ": {ref: tasks.<t>.output}`");
        }
      }
    }
    for (var b : bindings.values()) {
      var bpath = path + ".inputs." + b.key();
      TypeExpr expected = null;
      if (declared != null) {
        expected = declared.get(b.key());
        if (expected == null) {
          var hint = Suggest.didYouMean(b.key(), declared.keySet());
          session.error(b.keyNode(), ErrorCode.UNKNOWN_BINDING, bpath, "inputs contains unknown binding '" + abbreviate(b.key()) + "'",
              hint != null ? hint : "declare it in input_type or remove it");
        }
      }
      var binding = binding(t, b, bpath, expected, declared != null || (inputTypeEntry != null && !t.inputTypeBroken));
      t.bindingNodes.put(b.key(), b.keyNode());
      if (binding != null) t.inputs.put(b.key(), binding);
    }
  }

  private Binding binding(TaskDraft t, MappingEntry b, String bpath, TypeExpr expected, boolean typed) {
    var v = b.value();
    if (!(v instanceof MappingNode m)) {
      session.error(v, ErrorCode.BAD_BINDING, bpath, "a binding must be {const: <value>} or {ref: tasks.<task>.output...}, got " + kind(v),
          v instanceof ScalarNode && !isNull(v) ? "write `" + b.key() + ": {const: " + abbreviate(((ScalarNode) v).getValue()) + "}`" : null);
      return null;
    }
    int before = session.diagnostics.size();
    var entries = nodes.mapping(m, bpath, Set.of("const", "ref"), "binding");
    if (session.diagnostics.size() > before) return null;
    if (entries.size() != 1) {
      session.error(v, ErrorCode.BAD_BINDING, bpath, "a binding must define exactly one of: const, ref",
          entries.isEmpty() ? "write {const: <value>} or {ref: tasks.<task>.output}" : "keep either const or ref");
      return null;
    }
    var e = entries.values().iterator().next();
    if (e.key().equals("const")) {
      var value = nodes.json(e.value(), bpath + ".const", 0);
      if (value == null) return null;
      if (expected != null) {
        for (var p : TypeCheck.problems(expected, value)) {
          session.error(e.value(), ErrorCode.CONST_MISMATCH, bpath + ".const", "const does not fit " + expected + ": " + p, null);
        }
      }
      return new Binding.Const(NodeReader.canonical(value));
    }
    return ref(t, e, bpath + ".ref", expected, typed);
  }

  /** {@code foreach: {ref: tasks.<t>.output[.field...]}}: the ref must be to a list. */
  private void readForeach(TaskDraft t, MappingEntry entry, String fpath) {
    var v = entry.value();
    if (!(v instanceof MappingNode m)) {
      session.error(v, ErrorCode.BAD_BINDING, fpath, "foreach must be {ref: tasks.<task>.output...}, got " + kind(v),
          "write `foreach: {ref: tasks.<task>.output.<list field>}`");
      return;
    }
    int before = session.diagnostics.size();
    var entries = nodes.mapping(m, fpath, Set.of("ref"), "foreach");
    if (session.diagnostics.size() > before) return;
    var refEntry = entries.get("ref");
    if (refEntry == null) {
      session.error(v, ErrorCode.BAD_BINDING, fpath, "foreach needs a ref", "write `foreach: {ref: tasks.<task>.output...}`");
      return;
    }
    var text = nodes.string(refEntry.value(), fpath + ".ref", true);
    if (text == null) return;
    if (isItemRef(text)) {
      session.error(refEntry.value(), ErrorCode.BAD_REF, fpath + ".ref", "foreach cannot iterate over its own " + text.trim(),
          "name a list produced upstream: tasks.<task>.output...");
      return;
    }
    var resolved = taskRef(t, refEntry, text, fpath + ".ref");
    if (resolved == null) return;
    if (!(resolved.type() instanceof TypeExpr.ArrayType list)) {
      session.error(refEntry.value(), ErrorCode.FOREACH_NOT_LIST, fpath + ".ref", "foreach needs a list, but "
          + resolved.ref().expression() + " is " + resolved.type(),
          "point it at a field of list type ([...]) in the output_type of task '" + resolved.ref().task() + "'");
      return;
    }
    t.itemType = list.element();
    t.foreach = new dev.ork.core.workflow.Foreach(resolved.ref(), t.maxConcurrency);
  }

  private static boolean isItemRef(String text) {
    var s = text.trim();
    return s.equals("item") || s.startsWith("item.") || s.equals("item_index");
  }

  /** {@code item[.field...]} or {@code item_index}, inside a foreach task. */
  private Binding itemRef(TaskDraft t, MappingEntry e, String text, String rpath, TypeExpr expected) {
    var s = text.trim();
    if (!t.hasForeach()) {
      session.error(e.value(), ErrorCode.FOREACH_REQUIRED, rpath, "ref '" + abbreviate(s) + "' reads a foreach element, but task '"
          + t.name + "' has no foreach", "add `foreach: {ref: tasks.<t>.output...}` to the task, or ref an upstream output");
      return null;
    }
    if (t.foreach == null) return null; // its foreach is broken and reported already
    Binding binding;
    TypeExpr got;
    if (s.equals("item_index")) {
      binding = new Binding.ItemIndex();
      got = new TypeExpr.Primitive(TypeExpr.Builtin.INT);
    } else {
      var parts = s.split("\\.", -1);
      if (java.util.Arrays.stream(parts).anyMatch(String::isEmpty)) {
        session.error(e.value(), ErrorCode.BAD_REF, rpath, "ref '" + abbreviate(s) + "' must look like item[.field...]", null);
        return null;
      }
      var fields = List.of(parts).subList(1, parts.length);
      got = walk(e, rpath, t.itemType, "item", fields);
      if (got == null) return null;
      binding = new Binding.Item(fields);
    }
    if (expected != null && !assignable(got, expected)) {
      session.error(e.value(), ErrorCode.TYPE_MISMATCH, rpath, "type mismatch: expected " + expected + ", got " + got + " from ref " + s,
          "types must match exactly (only datetime_utc may flow into datetime_tz)");
      return null;
    }
    return binding;
  }

  /** The type at {@code fields} inside {@code type}, or null after reporting the missing field. */
  private TypeExpr walk(MappingEntry e, String rpath, TypeExpr type, String start, List<String> fields) {
    TypeExpr got = type;
    var walked = new StringBuilder(start);
    for (var field : fields) {
      if (!(got instanceof TypeExpr.ObjectType o)) {
        session.error(e.value(), ErrorCode.REF_MISSING_FIELD, rpath,
            "cannot access field '" + field + "' on non-object type " + got + " (at " + walked + ")", null);
        return null;
      }
      var next = o.fields().get(field);
      if (next == null) {
        var hint = Suggest.didYouMean(field, o.fields().keySet());
        session.error(e.value(), ErrorCode.REF_MISSING_FIELD, rpath, "ref points to missing field '" + abbreviate(field)
            + "' of " + walked + " (type " + o + ")", hint);
        return null;
      }
      walked.append('.').append(field);
      got = next;
    }
    return got;
  }

  private Binding ref(TaskDraft t, MappingEntry e, String rpath, TypeExpr expected, boolean typed) {
    var text = nodes.string(e.value(), rpath, true);
    if (text == null) return null;
    if (isItemRef(text)) return itemRef(t, e, text, rpath, expected);
    var resolved = taskRef(t, e, text, rpath);
    if (resolved == null) return null;
    var binding = resolved.ref();
    var got = resolved.type();
    if (expected != null && !assignable(got, expected)) {
      session.error(e.value(), ErrorCode.TYPE_MISMATCH, rpath,
          "type mismatch: expected " + expected + ", got " + got + " from ref " + binding.expression(),
          "types must match exactly (only datetime_utc may flow into datetime_tz)");
      return null;
    }
    return binding;
  }

  private record Resolved(Binding.Ref ref, TypeExpr type) {}

  /** A {@code tasks.<t>.output[.field...]} ref checked against the task's declared output type. */
  private Resolved taskRef(TaskDraft t, MappingEntry e, String text, String rpath) {
    var parts = text.trim().split("\\.", -1);
    boolean wellFormed = parts.length >= 3 && parts[0].equals("tasks") && parts[2].equals("output")
        && Arrays.stream(parts).allMatch(p -> !p.isEmpty());
    if (!wellFormed) {
      session.error(e.value(), ErrorCode.BAD_REF, rpath, "ref '" + abbreviate(text) + "' must look like tasks.<task>.output[.field...]", null);
      return null;
    }
    var target = parts[1];
    var fields = List.of(parts).subList(3, parts.length);
    if (target.equals(t.name)) {
      session.error(e.value(), ErrorCode.BAD_REF, rpath, "task '" + t.name + "' cannot read its own output", null);
      return null;
    }
    var source = tasks.get(target);
    if (source == null) {
      var hint = Suggest.didYouMean(target, tasks.keySet());
      session.error(e.value(), ErrorCode.BAD_REF, rpath, "ref names unknown task '" + abbreviate(target) + "'", hint);
      return null;
    }
    if (!t.dependsOn.contains(target)) {
      session.error(e.value(), ErrorCode.REF_NOT_DEPENDENCY, rpath,
          "ref reads task '" + target + "', which task '" + t.name + "' does not depend_on", "add '" + target + "' to depends_on");
      return null;
    }
    var binding = new Binding.Ref(target, fields);
    if (source.referencedType() == null) {
      if (!source.outputTypeBroken) {
        session.error(e.value(), ErrorCode.MISSING_OUTPUT_TYPE, rpath,
            "task '" + target + "' declares no output_type, so its output cannot be referenced",
            "add `output_type:` to task '" + target + "'");
      }
      return null;
    }
    var got = walk(e, rpath, source.referencedType(), "tasks." + target + ".output", fields);
    return got == null ? null : new Resolved(binding, got);
  }

  private static boolean assignable(TypeExpr from, TypeExpr to) {
    if (from.equals(to)) return true;
    if (from instanceof TypeExpr.Primitive f && to instanceof TypeExpr.Primitive t) {
      return f.builtin() == TypeExpr.Builtin.DATETIME_UTC && t.builtin() == TypeExpr.Builtin.DATETIME_TZ;
    }
    if (from instanceof TypeExpr.ArrayType f && to instanceof TypeExpr.ArrayType t) {
      return assignable(f.element(), t.element());
    }
    if (from instanceof TypeExpr.ObjectType f && to instanceof TypeExpr.ObjectType t) {
      if (!f.fields().keySet().equals(t.fields().keySet())) return false;
      return f.fields().entrySet().stream().allMatch(x -> assignable(x.getValue(), t.fields().get(x.getKey())));
    }
    return false;
  }
}
