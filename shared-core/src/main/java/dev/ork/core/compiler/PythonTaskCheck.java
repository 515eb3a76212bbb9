package dev.ork.core.compiler;

import dev.ork.core.compiler.PythonSignatures.PythonFunction;
import dev.ork.core.compiler.PythonSignatures.PythonModule;
import dev.ork.core.compiler.PythonSignatures.PythonParam;
import dev.ork.core.workflow.TypeExpr;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Checks one python task against its function's real signature, the way the runner (run_task.py) will
 * call it: by keyword when the function has several arguments or its one argument is bound by name;
 * with the whole input object when its single argument is not; with nothing when it takes none.
 */
final class PythonTaskCheck {

  interface Sink {
    void error(Node at, ErrorCode code, String path, String message, String hint);
  }

  /** Where the task's fields sit in the YAML; {@code declared} is input_type's fields (null if untyped). */
  record Site(String task, String file, String function, Node fileNode, Node functionNode, Node inputsNode,
      Map<String, Node> bindingNodes, Map<String, TypeExpr> declared) {}

  private static final Pattern WRAPPER = Pattern.compile("^(?:typing\\.)?(?:Optional|Annotated)\\[(.*?)(?:,.*)?]$");
  private static final Set<String> PRIMITIVE_ANNOTATIONS = Set.of("int", "float", "str", "bool");
  private static final Set<String> LIST_ANNOTATIONS = Set.of("list", "List", "Sequence", "tuple", "Tuple", "Iterable", "Collection");
  private static final Set<String> DICT_ANNOTATIONS = Set.of("dict", "Dict", "Mapping", "MutableMapping");

  private PythonTaskCheck() {}

  static void check(Site s, PythonModule module, Sink sink) {
    var path = "tasks." + s.task();
    if (module.syntaxError() != null) {
      var e = module.syntaxError();
      sink.error(s.fileNode(), ErrorCode.PYTHON_SYNTAX, path + ".file",
          "'" + s.file() + "' does not parse: " + e.message() + " (" + s.file() + ":" + e.line() + ":" + e.col() + ")",
          "`python3 -m py_compile " + s.file() + "` shows the same error");
      return;
    }
    var fn = module.functions().get(s.function());
    if (fn == null) {
      var hint = Suggest.didYouMean(s.function(), module.functions().keySet());
      if (hint == null) {
        hint = module.functions().isEmpty() ? "define `def " + s.function() + "(...)` in " + s.file()
            : "functions in " + s.file() + ": " + String.join(", ", new java.util.TreeSet<>(module.functions().keySet()));
      }
      sink.error(s.functionNode() != null ? s.functionNode() : s.fileNode(), ErrorCode.PYTHON_FUNCTION_NOT_FOUND,
          path + ".function", "function '" + s.function() + "' is not defined at the top level of " + s.file(), hint);
      return;
    }
    var named = fn.params().stream().filter(PythonParam::named).toList();
    boolean varKeywords = fn.params().stream().anyMatch(p -> p.kind() == PythonParam.Kind.VAR_KEYWORD);
    var bound = s.bindingNodes().keySet();
    var where = describe(fn, s.file());
    if (named.size() > 1 || (named.size() == 1 && bound.contains(named.get(0).name()))) {
      checkKeywords(s, fn, named, varKeywords, where, path, sink);
    } else if (named.isEmpty()) {
      if (!varKeywords) {
        for (var b : bound) {
          sink.error(s.bindingNodes().get(b), ErrorCode.PYTHON_UNKNOWN_ARGUMENT, path + ".inputs." + b,
              where + " takes no arguments, so '" + b + "' would never reach it", "add `" + b + "` to its parameters");
        }
      }
    } else {
      checkWholeObject(s, named.get(0), where, path, sink);
    }
  }

  private static void checkKeywords(Site s, PythonFunction fn, List<PythonParam> named, boolean varKeywords,
      String where, String path, Sink sink) {
    var bound = s.bindingNodes().keySet();
    var names = named.stream().map(PythonParam::name).toList();
    for (var p : named) {
      if (!p.hasDefault() && !bound.contains(p.name())) {
        sink.error(s.inputsNode(), ErrorCode.PYTHON_UNBOUND_ARGUMENT, path + ".inputs",
            where + " requires argument '" + p.name() + "', which inputs does not bind",
            "bind it (`" + p.name() + ": {const: ...}` plus its input_type field) or give it a default in Python");
      }
    }
    for (var b : bound) {
      if (!names.contains(b) && !varKeywords) {
        var hint = Suggest.didYouMean(b, names);
        sink.error(s.bindingNodes().get(b), ErrorCode.PYTHON_UNKNOWN_ARGUMENT, path + ".inputs." + b,
            where + " takes no argument '" + b + "'",
            hint != null ? hint : "its arguments: " + String.join(", ", names));
      }
    }
    if (s.declared() == null) return;
    for (var p : named) {
      var declared = s.declared().get(p.name());
      if (declared != null && bound.contains(p.name())) checkType(s, p, declared, where, path + ".inputs." + p.name(), sink);
    }
  }

  /** One argument not bound by name: the runner passes it the whole input object. */
  private static void checkWholeObject(Site s, PythonParam only, String where, String path, Sink sink) {
    var base = baseName(only.annotation());
    boolean takesObject = base == null || !PRIMITIVE_ANNOTATIONS.contains(base) && !isList(base);
    if (takesObject) return;
    if (s.bindingNodes().isEmpty()) {
      if (!only.hasDefault()) {
        sink.error(s.inputsNode(), ErrorCode.PYTHON_UNBOUND_ARGUMENT, path + ".inputs",
            where + " requires argument '" + only.name() + "' (" + only.annotation() + "), which inputs does not bind",
            "add `inputs: {" + only.name() + ": {const: ...}}` and `input_type: {" + only.name() + ": ...}`");
      }
      return;
    }
    for (var b : s.bindingNodes().keySet()) {
      sink.error(s.bindingNodes().get(b), ErrorCode.PYTHON_UNKNOWN_ARGUMENT, path + ".inputs." + b,
          where + " takes one argument, '" + only.name() + "' (" + only.annotation() + "), not '" + b + "'",
          "rename the binding to '" + only.name() + "', or annotate '" + only.name() + "' as dict to receive all inputs");
    }
  }

  private static void checkType(Site s, PythonParam p, TypeExpr declared, String where, String path, Sink sink) {
    var base = baseName(p.annotation());
    if (base == null || fits(base, declared)) return;
    sink.error(s.bindingNodes().get(p.name()), ErrorCode.PYTHON_TYPE_MISMATCH, path,
        "argument '" + p.name() + "' is annotated `" + p.annotation() + "` in " + where + " but input_type declares "
            + declared, "make the annotation and input_type agree");
  }

  /** Null when the annotation says nothing Ork can check (absent, a class, Any, a date type...). */
  static String baseName(String annotation) {
    if (annotation == null) return null;
    var text = annotation.replace(" ", "");
    var m = WRAPPER.matcher(text);
    while (m.matches()) {
      text = m.group(1);
      m = WRAPPER.matcher(text);
    }
    if (text.endsWith("|None")) text = text.substring(0, text.length() - 5);
    if (text.startsWith("None|")) text = text.substring(5);
    if (text.startsWith("typing.")) text = text.substring(7);
    int bracket = text.indexOf('[');
    var base = bracket < 0 ? text : text.substring(0, bracket);
    if (PRIMITIVE_ANNOTATIONS.contains(base) || isList(base) || isDict(base)) return base;
    return null;
  }

  private static boolean fits(String base, TypeExpr declared) {
    if (declared instanceof TypeExpr.ArrayType) return isList(base);
    if (declared instanceof TypeExpr.ObjectType) return isDict(base);
    var builtin = ((TypeExpr.Primitive) declared).builtin();
    return switch (base) {
      case "int" -> builtin == TypeExpr.Builtin.INT;
      case "float" -> builtin == TypeExpr.Builtin.FLOAT || builtin == TypeExpr.Builtin.INT;
      case "bool" -> builtin == TypeExpr.Builtin.BOOL;
      case "str" -> builtin != TypeExpr.Builtin.INT && builtin != TypeExpr.Builtin.FLOAT && builtin != TypeExpr.Builtin.BOOL;
      default -> false;
    };
  }

  private static boolean isList(String base) {
    return LIST_ANNOTATIONS.contains(base);
  }

  private static boolean isDict(String base) {
    return DICT_ANNOTATIONS.contains(base);
  }

  private static String describe(PythonFunction fn, String file) {
    return "'" + fn.name() + "' (" + file + ":" + fn.line() + ")";
  }
}
