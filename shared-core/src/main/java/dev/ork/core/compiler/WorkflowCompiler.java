package dev.ork.core.compiler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ork.core.workflow.Binding;
import dev.ork.core.workflow.CompiledTask;
import dev.ork.core.workflow.CompiledWorkflow;
import dev.ork.core.workflow.ExecutorSpec;
import dev.ork.core.workflow.TypeCheck;
import dev.ork.core.workflow.TypeExpr;
import dev.ork.core.workflow.WorkflowJson;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The strict workflow compiler: YAML text in, a {@link CompiledWorkflow} or every problem (with
 * {@code file:line:col}) out. It never throws on bad input. The language is documented in
 * docs/workflow-yaml.md.
 */
public final class WorkflowCompiler {

  /** Files above this size are refused before parsing. */
  public static final int MAX_BYTES = 5 * 1024 * 1024;
  /** Runtime default when a task has no {@code timeout} (ork's default). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);
  public static final int MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;
  public static final int MAX_RETRIES = 20;
  public static final String DEFAULT_PYTHON_FUNCTION = "main";

  private final PythonSignatures pythonSignatures;

  /** A compiler that does not look into python task files (the API: YAML only, no files). */
  public WorkflowCompiler() {
    this(null);
  }

  private WorkflowCompiler(PythonSignatures pythonSignatures) {
    this.pythonSignatures = pythonSignatures;
  }

  /** Also checks each python task's function and inputs against its file's real signature. */
  public WorkflowCompiler withPythonSignatures(PythonSignatures signatures) {
    return new WorkflowCompiler(signatures);
  }

  static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  static final Pattern WORKFLOW_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  static final Pattern PY_MODULE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

  static final Set<String> TOP_KEYS = ordered("name", "description", "schedule", "types", "tasks");
  static final Set<String> COMMON_TASK_KEYS =
      ordered("executor", "depends_on", "input_type", "output_type", "inputs", "timeout", "retries");
  static final Map<String, Set<String>> EXECUTOR_KEYS = Map.of(
      "process", ordered("command", "file"),
      "python", ordered("file", "module", "function"),
      "lambda", ordered("function", "qualifier", "handler"),
      "ecs", ordered("cluster", "task_definition", "container", "subnets", "security_groups",
          "assign_public_ip", "command", "environment"));
  static final Set<String> ALL_TASK_KEYS;
  static final Set<String> EXECUTORS = ordered("process", "python", "lambda", "ecs", "shell");
  static final Map<String, String> LEGACY_TYPES = Map.of(
      "string", "str", "integer", "int", "number", "float", "boolean", "bool",
      "datetime", "datetime_tz", "timestamp", "datetime_utc", "timestamp_s", "int",
      "timestamp_ms", "int", "time", "str", "duration", "int");
  static final Map<String, TypeExpr.Builtin> BUILTINS = new LinkedHashMap<>();

  static {
    var all = new LinkedHashSet<>(COMMON_TASK_KEYS);
    for (var kind : List.of("process", "python", "lambda", "ecs")) all.addAll(EXECUTOR_KEYS.get(kind));
    ALL_TASK_KEYS = java.util.Collections.unmodifiableSet(all);
    for (var b : TypeExpr.Builtin.values()) BUILTINS.put(b.yamlName(), b);
  }

  private static Set<String> ordered(String... keys) {
    return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(keys)));
  }

  /** Reads and compiles {@code file}; task files are checked relative to its folder. */
  public CompileResult compile(Path file) {
    var display = file.toString();
    byte[] bytes;
    try {
      if (!Files.isRegularFile(file)) {
        return fail(display, ErrorCode.FILE_NOT_READABLE,
            Files.exists(file) ? "not a regular file" : "file not found", "check the path");
      }
      if (Files.size(file) > MAX_BYTES) {
        return fail(display, ErrorCode.FILE_TOO_LARGE, "file is " + Files.size(file)
            + " bytes; workflow files are capped at " + MAX_BYTES + " bytes", "move data out of the workflow definition");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException | SecurityException | InvalidPathException e) {
      return fail(display, ErrorCode.FILE_NOT_READABLE, "cannot read file: " + e.getMessage(), null);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      int offset = firstBadUtf8(bytes);
      var prefix = new String(bytes, 0, offset, StandardCharsets.UTF_8);
      int[] lc = YamlReader.lineCol(prefix, prefix.codePointCount(0, prefix.length()));
      return new CompileResult.Invalid(List.of(new Diagnostic(display, lc[0], lc[1], ErrorCode.NOT_UTF8, "$",
          "byte 0x" + String.format("%02X", bytes[offset]) + " at offset " + offset + " is not valid UTF-8",
          "save the file as UTF-8 text")));
    }
    Path root = file.toAbsolutePath().getParent();
    return compileSource(text, display, root);
  }

  /**
   * Compiles YAML text. {@code rootOrNull} is the workflow folder against which task {@code file}s
   * must exist; with null (YAML posted to an API) file existence is not checked.
   */
  public CompileResult compileSource(String yaml, String displayName, Path rootOrNull) {
    var display = displayName == null ? "<workflow>" : displayName;
    if (yaml == null || yaml.isEmpty()) {
      return fail(display, ErrorCode.EMPTY_DOCUMENT, "the file is empty", "a workflow needs at least `name:` and `tasks:`");
    }
    if (yaml.length() > MAX_BYTES) {
      return fail(display, ErrorCode.FILE_TOO_LARGE, "document has " + yaml.length()
          + " characters; workflow files are capped at " + MAX_BYTES + " bytes", "move data out of the workflow definition");
    }
    if (yaml.charAt(0) == '\uFEFF') yaml = yaml.substring(1);
    try {
      return new Session(display, rootOrNull, pythonSignatures).run(yaml);
    } catch (StackOverflowError e) {
      return fail(display, ErrorCode.YAML_LIMIT, "the document is nested too deeply", null);
    }
  }

  private static CompileResult fail(String file, ErrorCode code, String message, String hint) {
    return new CompileResult.Invalid(List.of(new Diagnostic(file, 1, 1, code, "$", message, hint)));
  }

  private static int firstBadUtf8(byte[] bytes) {
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    var in = ByteBuffer.wrap(bytes);
    var out = java.nio.CharBuffer.allocate(bytes.length + 1);
    var r = decoder.decode(in, out, true);
    return r.isError() ? Math.min(in.position(), bytes.length - 1) : 0;
  }

  /** {@code sha256:<hex>} of the canonical JSON of {@code workflow} with a blank contentHash. */
  public static String contentHash(CompiledWorkflow workflow) {
    var blank = new CompiledWorkflow(workflow.name(), workflow.description(), workflow.schedule(),
        workflow.tasks(), workflow.topologicalOrder(), "");
    try {
      var digest = MessageDigest.getInstance("SHA-256")
          .digest(WorkflowJson.write(blank).getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private record Entry(String key, Node keyNode, Node value) {}

  private static final class TaskDraft {
    String name;
    Node keyNode;
    int index;
    Map<String, Entry> fields = Map.of();
    ExecutorSpec executor;
    List<String> dependsOn = new ArrayList<>();
    Map<String, Node> dependsOnNodes = new LinkedHashMap<>();
    TypeExpr inputType;
    boolean inputTypeBroken;
    TypeExpr outputType;
    boolean outputTypeBroken;
    Map<String, Binding> inputs = new TreeMap<>();
    Map<String, Node> bindingNodes = new TreeMap<>();
    Duration timeout = DEFAULT_TIMEOUT;
    int retries;
  }

  private static final class Session {
    final String file;
    final Path root;
    final List<Diagnostic> diagnostics = new ArrayList<>();
    final Map<String, Entry> aliasDefs = new LinkedHashMap<>();
    final Map<String, TypeExpr> aliasResolved = new LinkedHashMap<>();
    final Set<String> aliasFailed = new LinkedHashSet<>();
    final List<String> aliasResolving = new ArrayList<>();
    final Map<String, TaskDraft> tasks = new LinkedHashMap<>();
    final PythonSignatures pythonSignatures;
    int jsonBudget = 100_000;

    Session(String file, Path root, PythonSignatures pythonSignatures) {
      this.file = file;
      this.root = root;
      this.pythonSignatures = pythonSignatures;
    }

    void error(Node at, ErrorCode code, String path, String message, String hint) {
      int line = at == null ? 1 : at.getStartMark().getLine() + 1;
      int col = at == null ? 1 : at.getStartMark().getColumn() + 1;
      diagnostics.add(new Diagnostic(file, line, col, code, path, message, hint));
    }

    CompileResult run(String yaml) {
      Node doc = YamlReader.compose(yaml, MAX_BYTES,
          (line, col, code, path, message, hint) -> diagnostics.add(new Diagnostic(file, line, col, code, path, message, hint)));
      if (doc == null) return new CompileResult.Invalid(diagnostics);
      if (!(doc instanceof MappingNode rootMap)) {
        error(doc, ErrorCode.WRONG_KIND, "$", "a workflow must be a mapping, got " + kind(doc),
            "start with `name: my_workflow` and `tasks:`");
        return new CompileResult.Invalid(diagnostics);
      }
      var top = mapping(rootMap, "", TOP_KEYS, "workflow");

      String name = null;
      var nameEntry = top.get("name");
      if (nameEntry == null) {
        error(rootMap, ErrorCode.MISSING_FIELD, "$", "missing required field 'name'", "add `name: my_workflow`");
      } else {
        name = string(nameEntry.value(), "name", true);
        if (name != null && !WORKFLOW_NAME.matcher(name).matches()) {
          error(nameEntry.value(), ErrorCode.INVALID_IDENTIFIER, "name",
              "workflow name '" + abbreviate(name) + "' must match [A-Za-z0-9][A-Za-z0-9_.-]* (at most 128 characters)",
              "use letters, digits, '_', '-' and '.'");
          name = null;
        }
      }
      String description = null;
      if (top.containsKey("description")) description = string(top.get("description").value(), "description", true);
      String schedule = null;
      if (top.containsKey("schedule")) {
        var node = top.get("schedule").value();
        schedule = string(node, "schedule", true);
        if (schedule != null) {
          schedule = schedule.trim();
          var problem = Schedules.problem(schedule);
          if (problem.isPresent()) {
            error(node, ErrorCode.INVALID_SCHEDULE, "schedule", problem.get(),
                "examples: '0 6 * * *' (daily 06:00 UTC), 'cron(0 12 * * ? *)', 'rate(5 minutes)'");
            schedule = null;
          }
        }
      }

      if (top.containsKey("types")) readAliases(top.get("types"));
      var tasksEntry = top.get("tasks");
      if (tasksEntry == null) {
        error(rootMap, ErrorCode.MISSING_FIELD, "$", "missing required field 'tasks'", "add `tasks:` with at least one task");
      } else {
        readTasks(tasksEntry);
        checkPythonSignatures();
      }
      List<String> topo = topologicalOrder();
      if (!diagnostics.isEmpty()) return new CompileResult.Invalid(diagnostics);

      var compiled = new ArrayList<CompiledTask>();
      for (var t : tasks.values()) {
        compiled.add(new CompiledTask(t.name, t.index, t.executor, t.dependsOn, t.inputs,
            t.inputType, t.outputType, t.timeout, t.retries));
      }
      var draft = new CompiledWorkflow(name, description, schedule, compiled, topo, "");
      return new CompileResult.Compiled(new CompiledWorkflow(name, description, schedule, compiled, topo,
          contentHash(draft)));
    }

    // ---- types ---------------------------------------------------------------------------------

    void readAliases(Entry typesEntry) {
      var node = typesEntry.value();
      if (isNull(node)) return;
      if (!(node instanceof MappingNode m)) {
        error(node, ErrorCode.WRONG_KIND, "types", "types must be a mapping of alias name to type, got " + kind(node), null);
        return;
      }
      var entries = mapping(m, "types", null, null);
      for (var e : entries.values()) {
        var path = "types." + e.key();
        if (!IDENTIFIER.matcher(e.key()).matches()) {
          error(e.keyNode(), ErrorCode.INVALID_IDENTIFIER, path,
              "alias name '" + abbreviate(e.key()) + "' must match [A-Za-z_][A-Za-z0-9_]*", null);
          continue;
        }
        if (BUILTINS.containsKey(e.key())) {
          error(e.keyNode(), ErrorCode.RESERVED_ALIAS, path, "alias '" + e.key() + "' reuses a builtin type name",
              "rename the alias, e.g. '" + Character.toUpperCase(e.key().charAt(0)) + e.key().substring(1) + "Value'");
          continue;
        }
        aliasDefs.put(e.key(), e);
      }
      for (var alias : aliasDefs.keySet()) resolveAlias(alias);
    }

    TypeExpr resolveAlias(String alias) {
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
        error(node, ErrorCode.YAML_LIMIT, path, "type expression is nested too deeply", null);
        return null;
      }
      if (node instanceof ScalarNode s) {
        if (s.getTag().equals(Tag.NULL)) {
          error(node, ErrorCode.WRONG_KIND, path, "expected a type expression, got nothing",
              "write a builtin (" + String.join(", ", BUILTINS.keySet()) + "), types.<Alias>, {field: type} or [type]");
          return null;
        }
        if (!s.getTag().equals(Tag.STR)) {
          error(node, ErrorCode.WRONG_KIND, path, "expected a type expression, got " + kind(node) + " '" + abbreviate(s.getValue()) + "'",
              "write a builtin (" + String.join(", ", BUILTINS.keySet()) + "), types.<Alias>, {field: type} or [type]");
          return null;
        }
        return namedType(s, s.getValue().trim(), path);
      }
      if (node instanceof SequenceNode seq) {
        if (seq.getValue().size() != 1) {
          error(node, ErrorCode.BAD_ARRAY_TYPE, path,
              "an array type needs exactly one element type, got " + seq.getValue().size(), "write e.g. [int]");
          return null;
        }
        var element = type(seq.getValue().get(0), path + "[]", depth + 1);
        return element == null ? null : new TypeExpr.ArrayType(element);
      }
      var m = (MappingNode) node;
      var entries = mapping(m, path, null, null);
      var fields = new TreeMap<String, TypeExpr>();
      boolean ok = true;
      for (var e : entries.values()) {
        var fieldPath = path + "." + e.key();
        if (!IDENTIFIER.matcher(e.key()).matches()) {
          error(e.keyNode(), ErrorCode.INVALID_IDENTIFIER, fieldPath,
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

    TypeExpr namedType(Node node, String name, String path) {
      var builtin = BUILTINS.get(name);
      if (builtin != null) return new TypeExpr.Primitive(builtin);
      if (name.startsWith("types.")) {
        var alias = name.substring("types.".length());
        if (!aliasDefs.containsKey(alias)) {
          var hint = Suggest.closest(alias, aliasDefs.keySet()).map(c -> "did you mean 'types." + c + "'?")
              .orElse("define it under top-level `types:`");
          error(node, ErrorCode.UNKNOWN_ALIAS, path, "type alias '" + abbreviate(alias) + "' is not defined under `types`", hint);
          return null;
        }
        int at = aliasResolving.indexOf(alias);
        if (at >= 0) {
          var chain = new ArrayList<>(aliasResolving.subList(at, aliasResolving.size()));
          chain.add(alias);
          error(node, ErrorCode.ALIAS_CYCLE, path, "recursive type alias chain: " + String.join(" -> ", chain),
              "types cannot refer to themselves; break the chain");
          return null;
        }
        return resolveAlias(alias);
      }
      var legacy = LEGACY_TYPES.get(name.toLowerCase(Locale.ROOT));
      if (legacy != null) {
        error(node, ErrorCode.LEGACY_TYPE, path, "uses legacy type '" + name + "'", "use '" + legacy + "'");
        return null;
      }
      if (aliasDefs.containsKey(name)) {
        error(node, ErrorCode.UNKNOWN_TYPE, path, "unknown type '" + name + "'", "write 'types." + name + "' to use the alias");
        return null;
      }
      var suggestion = Suggest.didYouMean(name, BUILTINS.keySet());
      error(node, ErrorCode.UNKNOWN_TYPE, path, "unknown type '" + abbreviate(name) + "'",
          suggestion != null ? suggestion : "valid types: " + String.join(", ", BUILTINS.keySet()) + ", types.<Alias>");
      return null;
    }

    // ---- tasks ---------------------------------------------------------------------------------

    void readTasks(Entry tasksEntry) {
      var node = tasksEntry.value();
      if (isNull(node) || (node instanceof MappingNode mm && mm.getValue().isEmpty())) {
        error(node, ErrorCode.NO_TASKS, "tasks", "a workflow needs at least one task", null);
        return;
      }
      if (!(node instanceof MappingNode m)) {
        error(node, ErrorCode.WRONG_KIND, "tasks", "tasks must be a mapping of task name to task, got " + kind(node),
            kind(node).equals("a list") ? "write `tasks:` then `  my_task:` with the fields indented below" : null);
        return;
      }
      var entries = mapping(m, "tasks", null, null);
      int index = 0;
      for (var e : entries.values()) {
        var t = new TaskDraft();
        t.name = e.key();
        t.keyNode = e.keyNode();
        t.index = index++;
        if (!IDENTIFIER.matcher(e.key()).matches()) {
          error(e.keyNode(), ErrorCode.INVALID_IDENTIFIER, "tasks." + e.key(),
              "task name '" + abbreviate(e.key()) + "' must match [A-Za-z_][A-Za-z0-9_]*", "use letters, digits and '_'");
        }
        tasks.put(t.name, t);
      }
      for (var e : entries.values()) readTask(tasks.get(e.key()), e);
      for (var e : entries.values()) readBindings(tasks.get(e.key()));
    }

    void readTask(TaskDraft t, Entry entry) {
      var path = "tasks." + t.name;
      if (!(entry.value() instanceof MappingNode m)) {
        error(entry.value() instanceof ScalarNode s && s.getTag().equals(Tag.NULL) ? entry.keyNode() : entry.value(),
            ErrorCode.WRONG_KIND, path, "a task must be a mapping of fields, got " + kind(entry.value()),
            "give the task at least `executor:` and what it runs");
        t.inputTypeBroken = t.outputTypeBroken = true;
        return;
      }
      t.fields = mapping(m, path, ALL_TASK_KEYS, "task");
      var f = t.fields;

      String kind = null;
      var execEntry = f.get("executor");
      if (execEntry == null) {
        error(t.keyNode, ErrorCode.MISSING_FIELD, path, "missing required field 'executor'",
            "add `executor:` with one of process, python, lambda, ecs");
      } else {
        var raw = string(execEntry.value(), path + ".executor", true);
        if (raw != null) {
          var k = raw.trim().toLowerCase(Locale.ROOT);
          if (k.equals("shell")) k = "process";
          if (EXECUTOR_KEYS.containsKey(k)) {
            kind = k;
          } else {
            String hint = switch (k) {
              case "cloudrun", "cloud_run" -> "Cloud Run is not available in Ork; use `ecs` (Fargate) or `lambda`";
              case "library" -> "in-process libraries are not available in Ork; use `process` or `lambda`";
              default -> {
                var s = Suggest.didYouMean(k, EXECUTORS);
                yield s != null ? s : "use one of process, python, lambda, ecs (shell is an alias of process)";
              }
            };
            error(execEntry.value(), ErrorCode.UNKNOWN_EXECUTOR, path + ".executor", "unknown executor '" + abbreviate(raw) + "'", hint);
          }
        }
      }
      if (kind != null) {
        var allowed = EXECUTOR_KEYS.get(kind);
        for (var e : f.values()) {
          if (!COMMON_TASK_KEYS.contains(e.key()) && !allowed.contains(e.key())) {
            error(e.keyNode(), ErrorCode.FIELD_NOT_ALLOWED, path + "." + e.key(),
                "'" + e.key() + "' is not a field of " + kind + " tasks",
                "fields of " + kind + " tasks: " + String.join(", ", allowed));
          }
        }
        t.executor = executor(t, kind, path);
      }

      var deps = f.get("depends_on");
      if (deps != null) readDependsOn(t, deps, path);

      var it = f.get("input_type");
      if (it != null) {
        t.inputType = type(it.value(), path + ".input_type", 0);
        if (t.inputType == null) {
          t.inputTypeBroken = true;
        } else if (!(t.inputType instanceof TypeExpr.ObjectType)) {
          error(it.value(), ErrorCode.INPUT_TYPE_NOT_OBJECT, path + ".input_type",
              "input_type must resolve to an object type (named arguments), got " + t.inputType,
              "wrap it in a field: {value: " + t.inputType + "}");
          t.inputType = null;
          t.inputTypeBroken = true;
        }
      }
      var ot = f.get("output_type");
      if (ot != null) {
        t.outputType = type(ot.value(), path + ".output_type", 0);
        t.outputTypeBroken = t.outputType == null;
      }

      var timeout = f.get("timeout");
      if (timeout != null) {
        var seconds = integer(timeout.value(), path + ".timeout");
        if (seconds != null) {
          if (seconds < 0 || seconds > MAX_TIMEOUT_SECONDS) {
            error(timeout.value(), ErrorCode.OUT_OF_RANGE, path + ".timeout",
                "timeout must be between 0 and " + MAX_TIMEOUT_SECONDS + " seconds, got " + seconds,
                "use a positive number of seconds, or 0 for no timeout");
          } else {
            t.timeout = seconds == 0 ? null : Duration.ofSeconds(seconds);
          }
        }
      }
      var retries = f.get("retries");
      if (retries != null) {
        var n = integer(retries.value(), path + ".retries");
        if (n != null) {
          if (n < 0 || n > MAX_RETRIES) {
            error(retries.value(), ErrorCode.OUT_OF_RANGE, path + ".retries",
                "retries must be between 0 and " + MAX_RETRIES + ", got " + n, null);
          } else {
            t.retries = (int) (long) n;
          }
        }
      }
    }

    ExecutorSpec executor(TaskDraft t, String kind, String path) {
      var f = t.fields;
      switch (kind) {
        case "process" -> {
          var command = optionalString(f, "command", path);
          var file = optionalFile(f, path);
          if (command == null && file == null && !f.containsKey("command") && !f.containsKey("file")) {
            error(t.keyNode, ErrorCode.MISSING_FIELD, path, "process task needs a 'command' or a 'file'",
                "add e.g. `command: sh scripts/step.sh`");
          }
          return new ExecutorSpec.Process(command, file);
        }
        case "python" -> {
          var file = optionalFile(f, path);
          var module = optionalString(f, "module", path);
          if (module != null && !PY_MODULE.matcher(module).matches()) {
            error(f.get("module").value(), ErrorCode.INVALID_IDENTIFIER, path + ".module",
                "module '" + abbreviate(module) + "' is not a dotted Python module name", null);
          }
          var function = optionalString(f, "function", path);
          if (function != null && !IDENTIFIER.matcher(function).matches()) {
            error(f.get("function").value(), ErrorCode.INVALID_IDENTIFIER, path + ".function",
                "function '" + abbreviate(function) + "' is not a Python identifier", null);
          }
          if (file == null && module == null && !f.containsKey("file") && !f.containsKey("module")) {
            error(t.keyNode, ErrorCode.MISSING_FIELD, path, "python task needs a 'file' or a 'module'",
                "add e.g. `file: tasks.py` and `function: main`");
          }
          return new ExecutorSpec.Python(file, module, function == null ? DEFAULT_PYTHON_FUNCTION : function);
        }
        case "lambda" -> {
          var function = required(t, "function", path, "the Lambda function name or ARN");
          var qualifier = optionalString(f, "qualifier", path);
          var handler = optionalString(f, "handler", path);
          return new ExecutorSpec.Lambda(function, qualifier, handler);
        }
        default -> {
          var cluster = required(t, "cluster", path, "the ECS cluster name or ARN");
          var taskDefinition = required(t, "task_definition", path, "the task definition family[:revision] or ARN");
          var container = required(t, "container", path, "the container name inside the task definition");
          var subnets = stringList(f.get("subnets"), path + ".subnets");
          var groups = stringList(f.get("security_groups"), path + ".security_groups");
          boolean publicIp = false;
          if (f.containsKey("assign_public_ip")) {
            var b = bool(f.get("assign_public_ip").value(), path + ".assign_public_ip");
            publicIp = b != null && b;
          }
          var command = optionalString(f, "command", path);
          var env = new TreeMap<String, String>();
          var envEntry = f.get("environment");
          if (envEntry != null && !isNull(envEntry.value())) {
            if (envEntry.value() instanceof MappingNode em) {
              for (var e : mapping(em, path + ".environment", null, null).values()) {
                var v = scalarText(e.value(), path + ".environment." + e.key());
                if (v != null) env.put(e.key(), v);
              }
            } else {
              error(envEntry.value(), ErrorCode.WRONG_KIND, path + ".environment",
                  "environment must be a mapping of NAME: value, got " + kind(envEntry.value()), null);
            }
          }
          return new ExecutorSpec.Ecs(cluster, taskDefinition, container, subnets, groups, publicIp, command, env);
        }
      }
    }

    String required(TaskDraft t, String key, String path, String what) {
      var e = t.fields.get(key);
      if (e == null) {
        error(t.keyNode, ErrorCode.MISSING_FIELD, path, "missing required field '" + key + "' (" + what + ")", null);
        return null;
      }
      return string(e.value(), path + "." + key, true);
    }

    String optionalString(Map<String, Entry> f, String key, String path) {
      var e = f.get(key);
      return e == null ? null : string(e.value(), path + "." + key, true);
    }

    String optionalFile(Map<String, Entry> f, String path) {
      var e = f.get("file");
      if (e == null) return null;
      var file = string(e.value(), path + ".file", true);
      if (file == null || root == null) return file;
      try {
        var p = root.resolve(file);
        if (!Files.isRegularFile(p)) {
          error(e.value(), ErrorCode.TASK_FILE_NOT_FOUND, path + ".file",
              "file '" + abbreviate(file) + "' not found" + (Path.of(file).isAbsolute() ? "" : " in the workflow folder"),
              "paths are relative to the folder of the workflow file");
        }
      } catch (InvalidPathException ex) {
        error(e.value(), ErrorCode.TASK_FILE_NOT_FOUND, path + ".file", "'" + abbreviate(file) + "' is not a valid path", null);
      }
      return file;
    }

    void readDependsOn(TaskDraft t, Entry deps, String path) {
      var dpath = path + ".depends_on";
      if (isNull(deps.value())) return;
      if (!(deps.value() instanceof SequenceNode seq)) {
        error(deps.value(), ErrorCode.WRONG_KIND, dpath, "depends_on must be a list of task names, got " + kind(deps.value()),
            deps.value() instanceof ScalarNode s ? "write `depends_on: [" + abbreviate(s.getValue()) + "]`" : null);
        return;
      }
      int i = 0;
      for (var item : seq.getValue()) {
        var ipath = dpath + "[" + i++ + "]";
        var dep = string(item, ipath, true);
        if (dep == null) continue;
        if (dep.equals(t.name)) {
          error(item, ErrorCode.SELF_DEPENDENCY, ipath, "task '" + t.name + "' cannot depend on itself", "remove it from depends_on");
        } else if (!tasks.containsKey(dep)) {
          var hint = Suggest.didYouMean(dep, tasks.keySet());
          error(item, ErrorCode.UNKNOWN_DEPENDENCY, ipath, "task '" + t.name + "' depends on unknown task '" + abbreviate(dep) + "'",
              hint != null ? hint : "known tasks: " + abbreviate(String.join(", ", tasks.keySet())));
        } else if (t.dependsOnNodes.containsKey(dep)) {
          error(item, ErrorCode.DUPLICATE_DEPENDENCY, ipath, "depends_on has duplicate '" + dep + "'", "list each dependency once");
        } else {
          t.dependsOn.add(dep);
          t.dependsOnNodes.put(dep, item);
        }
      }
    }

    // ---- python signatures ---------------------------------------------------------------------

    /** Python tasks with a readable file: function and inputs checked against the real signature. */
    void checkPythonSignatures() {
      if (pythonSignatures == null || root == null) return;
      var modules = new java.util.HashMap<Path, java.util.Optional<PythonSignatures.PythonModule>>();
      for (var t : tasks.values()) {
        if (!(t.executor instanceof ExecutorSpec.Python py) || py.file() == null) continue;
        Path source;
        try {
          source = root.resolve(py.file());
        } catch (InvalidPathException e) {
          continue;
        }
        if (!Files.isRegularFile(source)) continue;
        var module = modules.computeIfAbsent(source, pythonSignatures::read);
        if (module.isEmpty()) continue;
        var fields = t.fields;
        var site = new PythonTaskCheck.Site(t.name, py.file(), py.function(), fields.get("file").value(),
            fields.containsKey("function") ? fields.get("function").value() : null,
            fields.containsKey("inputs") ? fields.get("inputs").keyNode() : t.keyNode, t.bindingNodes,
            t.inputType instanceof TypeExpr.ObjectType o ? o.fields() : null);
        PythonTaskCheck.check(site, module.get(), this::error);
      }
    }

    // ---- bindings ------------------------------------------------------------------------------

    void readBindings(TaskDraft t) {
      var path = "tasks." + t.name;
      var inputsEntry = t.fields.get("inputs");
      var inputTypeEntry = t.fields.get("input_type");
      var declared = t.inputType instanceof TypeExpr.ObjectType o ? o.fields() : null;
      if (inputsEntry == null) {
        if (declared != null) {
          for (var k : declared.keySet()) {
            error(inputTypeEntry.value(), ErrorCode.MISSING_BINDING, path + ".inputs",
                "input_type declares '" + k + "' but the task has no inputs", "add `inputs: {" + k + ": {const: ...}}` or a ref");
          }
        }
        return;
      }
      var node = inputsEntry.value();
      if (isNull(node)) node = null;
      if (node != null && !(node instanceof MappingNode)) {
        error(node, ErrorCode.WRONG_KIND, path + ".inputs", "inputs must be a mapping of argument to binding, got " + kind(node), null);
        return;
      }
      if (inputTypeEntry == null) {
        error(inputsEntry.keyNode(), ErrorCode.MISSING_INPUT_TYPE, path + ".inputs",
            "task '" + t.name + "' defines 'inputs' but is missing 'input_type'",
            "declare the arguments, e.g. `input_type: {x: int}`");
      }
      var bindings = node == null ? Map.<String, Entry>of() : mapping((MappingNode) node, path + ".inputs", null, null);
      if (declared != null) {
        for (var k : declared.keySet()) {
          if (!bindings.containsKey(k)) {
            error(node == null ? inputsEntry.keyNode() : node, ErrorCode.MISSING_BINDING, path + ".inputs",
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
            error(b.keyNode(), ErrorCode.UNKNOWN_BINDING, bpath, "inputs contains unknown binding '" + abbreviate(b.key()) + "'",
                hint != null ? hint : "declare it in input_type or remove it");
          }
        }
        var binding = binding(t, b, bpath, expected, declared != null || (inputTypeEntry != null && !t.inputTypeBroken));
        t.bindingNodes.put(b.key(), b.keyNode());
        if (binding != null) t.inputs.put(b.key(), binding);
      }
    }

    Binding binding(TaskDraft t, Entry b, String bpath, TypeExpr expected, boolean typed) {
      var v = b.value();
      if (!(v instanceof MappingNode m)) {
        error(v, ErrorCode.BAD_BINDING, bpath, "a binding must be {const: <value>} or {ref: tasks.<task>.output...}, got " + kind(v),
            v instanceof ScalarNode && !isNull(v) ? "write `" + b.key() + ": {const: " + abbreviate(((ScalarNode) v).getValue()) + "}`" : null);
        return null;
      }
      int before = diagnostics.size();
      var entries = mapping(m, bpath, Set.of("const", "ref"), "binding");
      if (diagnostics.size() > before) return null;
      if (entries.size() != 1) {
        error(v, ErrorCode.BAD_BINDING, bpath, "a binding must define exactly one of: const, ref",
            entries.isEmpty() ? "write {const: <value>} or {ref: tasks.<task>.output}" : "keep either const or ref");
        return null;
      }
      var e = entries.values().iterator().next();
      if (e.key().equals("const")) {
        var value = json(e.value(), bpath + ".const", 0);
        if (value == null) return null;
        if (expected != null) {
          for (var p : TypeCheck.problems(expected, value)) {
            error(e.value(), ErrorCode.CONST_MISMATCH, bpath + ".const", "const does not fit " + expected + ": " + p, null);
          }
        }
        return new Binding.Const(canonical(value));
      }
      return ref(t, e, bpath + ".ref", expected, typed);
    }

    Binding ref(TaskDraft t, Entry e, String rpath, TypeExpr expected, boolean typed) {
      var text = string(e.value(), rpath, true);
      if (text == null) return null;
      var parts = text.trim().split("\\.", -1);
      boolean wellFormed = parts.length >= 3 && parts[0].equals("tasks") && parts[2].equals("output")
          && Arrays.stream(parts).allMatch(p -> !p.isEmpty());
      if (!wellFormed) {
        error(e.value(), ErrorCode.BAD_REF, rpath, "ref '" + abbreviate(text) + "' must look like tasks.<task>.output[.field...]", null);
        return null;
      }
      var target = parts[1];
      var fields = List.of(parts).subList(3, parts.length);
      if (target.equals(t.name)) {
        error(e.value(), ErrorCode.BAD_REF, rpath, "task '" + t.name + "' cannot read its own output", null);
        return null;
      }
      var source = tasks.get(target);
      if (source == null) {
        var hint = Suggest.didYouMean(target, tasks.keySet());
        error(e.value(), ErrorCode.BAD_REF, rpath, "ref names unknown task '" + abbreviate(target) + "'", hint);
        return null;
      }
      if (!t.dependsOn.contains(target)) {
        error(e.value(), ErrorCode.REF_NOT_DEPENDENCY, rpath,
            "ref reads task '" + target + "', which task '" + t.name + "' does not depend_on", "add '" + target + "' to depends_on");
        return null;
      }
      var binding = new Binding.Ref(target, fields);
      if (source.outputType == null) {
        if (!source.outputTypeBroken) {
          error(e.value(), ErrorCode.MISSING_OUTPUT_TYPE, rpath,
              "task '" + target + "' declares no output_type, so its output cannot be referenced",
              "add `output_type:` to task '" + target + "'");
        }
        return null;
      }
      TypeExpr got = source.outputType;
      var walked = new StringBuilder("tasks." + target + ".output");
      for (var field : fields) {
        if (!(got instanceof TypeExpr.ObjectType o)) {
          error(e.value(), ErrorCode.REF_MISSING_FIELD, rpath,
              "cannot access field '" + field + "' on non-object type " + got + " (at " + walked + ")", null);
          return null;
        }
        var next = o.fields().get(field);
        if (next == null) {
          var hint = Suggest.didYouMean(field, o.fields().keySet());
          error(e.value(), ErrorCode.REF_MISSING_FIELD, rpath, "ref points to missing field '" + abbreviate(field)
              + "' of " + walked + " (type " + o + ")", hint);
          return null;
        }
        walked.append('.').append(field);
        got = next;
      }
      if (expected != null && !assignable(got, expected)) {
        error(e.value(), ErrorCode.TYPE_MISMATCH, rpath,
            "type mismatch: expected " + expected + ", got " + got + " from ref " + binding.expression(),
            "types must match exactly (only datetime_utc may flow into datetime_tz)");
        return null;
      }
      return binding;
    }

    static boolean assignable(TypeExpr from, TypeExpr to) {
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

    // ---- graph ---------------------------------------------------------------------------------

    List<String> topologicalOrder() {
      var inDegree = new LinkedHashMap<String, Integer>();
      tasks.values().forEach(t -> inDegree.put(t.name, t.dependsOn.size()));
      var ready = new PriorityQueue<TaskDraft>(java.util.Comparator.comparingInt(t -> t.index));
      tasks.values().stream().filter(t -> t.dependsOn.isEmpty()).forEach(ready::add);
      var dependents = new java.util.HashMap<String, List<TaskDraft>>(); // by dependency, so this is not quadratic
      for (var d : tasks.values()) {
        for (var dep : new LinkedHashSet<>(d.dependsOn)) dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(d);
      }
      var order = new ArrayList<String>();
      while (!ready.isEmpty()) {
        var t = ready.poll();
        order.add(t.name);
        for (var d : dependents.getOrDefault(t.name, List.of())) {
          if (inDegree.merge(d.name, -1, Integer::sum) == 0) ready.add(d);
        }
      }
      if (order.size() == tasks.size()) return order;
      var left = new LinkedHashSet<>(tasks.keySet());
      order.forEach(left::remove);
      var reported = new java.util.HashSet<String>();
      for (var start : List.copyOf(left)) {
        if (reported.contains(start)) continue;
        var walk = new ArrayList<String>();
        var cur = start;
        while (!walk.contains(cur) && !reported.contains(cur)) {
          walk.add(cur);
          cur = tasks.get(cur).dependsOn.stream().filter(left::contains).findFirst().orElseThrow();
        }
        if (reported.contains(cur)) {
          reported.addAll(walk);
          continue;
        }
        var cycle = new ArrayList<>(walk.subList(walk.indexOf(cur), walk.size()));
        reported.addAll(walk);
        int first = 0;
        for (int i = 1; i < cycle.size(); i++) {
          if (tasks.get(cycle.get(i)).index < tasks.get(cycle.get(first)).index) first = i;
        }
        var rotated = new ArrayList<String>();
        for (int i = 0; i < cycle.size(); i++) rotated.add(cycle.get((first + i) % cycle.size()));
        var head = tasks.get(rotated.get(0));
        var next = rotated.size() > 1 ? rotated.get(1) : rotated.get(0);
        rotated.add(rotated.get(0));
        int depIndex = head.dependsOn.indexOf(next);
        error(head.dependsOnNodes.get(next), ErrorCode.DEPENDENCY_CYCLE,
            "tasks." + head.name + ".depends_on[" + depIndex + "]",
            "workflow has a dependency cycle: " + String.join(" -> ", rotated),
            "'a -> b' means a depends on b; remove one of these depends_on entries");
      }
      return order;
    }

    // ---- YAML helpers --------------------------------------------------------------------------

    /** Keys in order; reports duplicates, non-string keys and (when allowed is set) unknown keys. */
    Map<String, Entry> mapping(MappingNode m, String path, Set<String> allowed, String what) {
      var out = new LinkedHashMap<String, Entry>();
      for (NodeTuple tuple : m.getValue()) {
        var keyNode = tuple.getKeyNode();
        var prefix = path.isEmpty() ? "" : path + ".";
        if (!(keyNode instanceof ScalarNode ks) || isNull(keyNode)) {
          error(keyNode, ErrorCode.WRONG_KIND, path.isEmpty() ? "$" : path, "keys must be plain strings, got " + kind(keyNode), null);
          continue;
        }
        var key = ks.getValue();
        if (out.containsKey(key)) {
          var first = out.get(key).keyNode().getStartMark();
          error(keyNode, ErrorCode.DUPLICATE_KEY, prefix + key,
              "duplicate key '" + abbreviate(key) + "' (first defined at line " + (first.getLine() + 1) + ")", "remove or rename one of them");
          continue;
        }
        if (allowed != null && !allowed.contains(key)) {
          var suggestion = Suggest.didYouMean(key, allowed);
          var hint = suggestion != null ? suggestion : "allowed keys in a " + what + ": " + String.join(", ", allowed);
          if (key.equals("<<")) hint = "YAML merge keys are not supported; write the fields out";
          error(keyNode, ErrorCode.UNKNOWN_KEY, prefix + key, "unknown key '" + abbreviate(key) + "' in " + what, hint);
          continue;
        }
        out.put(key, new Entry(key, keyNode, tuple.getValueNode()));
      }
      return out;
    }

    String string(Node node, String path, boolean nonBlank) {
      if (!(node instanceof ScalarNode s) || (isNull(node) && !nonBlank)) {
        error(node, ErrorCode.WRONG_KIND, path, "expected a string, got " + kind(node), null);
        return null;
      }
      if (isNull(node) || ((ScalarNode) node).getValue().isBlank()) {
        error(node, ErrorCode.EMPTY_VALUE, path, "must not be empty", null);
        return null;
      }
      return ((ScalarNode) node).getValue();
    }

    String scalarText(Node node, String path) {
      if (!(node instanceof ScalarNode s) || isNull(node)) {
        error(node, ErrorCode.WRONG_KIND, path, "expected a string, got " + kind(node), null);
        return null;
      }
      return s.getValue();
    }

    Long integer(Node node, String path) {
      if (node instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
        var v = json(node, path, 0);
        if (v != null && v.canConvertToLong()) return v.asLong();
      }
      error(node, ErrorCode.WRONG_KIND, path, "expected an integer, got " + kind(node)
          + (node instanceof ScalarNode s && !isNull(node) ? " '" + abbreviate(s.getValue()) + "'" : ""), null);
      return null;
    }

    Boolean bool(Node node, String path) {
      if (node instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
        return json(node, path, 0).asBoolean();
      }
      error(node, ErrorCode.WRONG_KIND, path, "expected true or false, got " + kind(node), null);
      return null;
    }

    List<String> stringList(Entry e, String path) {
      var out = new ArrayList<String>();
      if (e == null || isNull(e.value())) return out;
      if (!(e.value() instanceof SequenceNode seq)) {
        error(e.value(), ErrorCode.WRONG_KIND, path, "expected a list of strings, got " + kind(e.value()), null);
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
        error(node, ErrorCode.YAML_LIMIT, path, "value is nested too deeply or too large", "keep const values small");
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
  }

  static String abbreviate(String s) {
    var oneLine = s.replaceAll("[\\p{Cntrl}]", "?");
    return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
  }
}
