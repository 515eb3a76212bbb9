package dev.ork.core.compiler;

import static dev.ork.core.compiler.NodeReader.abbreviate;
import static dev.ork.core.compiler.NodeReader.isNull;
import static dev.ork.core.compiler.NodeReader.kind;
import static dev.ork.core.compiler.WorkflowCompiler.ALL_TASK_KEYS;
import static dev.ork.core.compiler.WorkflowCompiler.COMMON_TASK_KEYS;
import static dev.ork.core.compiler.WorkflowCompiler.EXECUTORS;
import static dev.ork.core.compiler.WorkflowCompiler.EXECUTOR_KEYS;
import static dev.ork.core.compiler.WorkflowCompiler.IDENTIFIER;
import static dev.ork.core.compiler.WorkflowCompiler.MAX_RETRIES;
import static dev.ork.core.compiler.WorkflowCompiler.MAX_TIMEOUT_SECONDS;

import dev.ork.core.workflow.Foreach;
import dev.ork.core.workflow.TypeExpr;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads {@code tasks:}: names, executor kind, depends_on, types, timeout and retries; then their bindings. */
final class TaskReader {

  private final CompileSession session;
  private final NodeReader nodes;
  private final TypeReader types;
  private final ExecutorReader executors;
  private final BindingChecker bindings;
  private final Map<String, TaskDraft> tasks;

  TaskReader(CompileSession session, NodeReader nodes, TypeReader types) {
    this.session = session;
    this.nodes = nodes;
    this.types = types;
    this.executors = new ExecutorReader(session, nodes);
    this.bindings = new BindingChecker(session, nodes);
    this.tasks = session.tasks;
  }

  void readTasks(MappingEntry tasksEntry) {
    var node = tasksEntry.value();
    if (isNull(node) || (node instanceof MappingNode mm && mm.getValue().isEmpty())) {
      session.error(node, ErrorCode.NO_TASKS, "tasks", "a workflow needs at least one task", null);
      return;
    }
    if (!(node instanceof MappingNode m)) {
      session.error(node, ErrorCode.WRONG_KIND, "tasks", "tasks must be a mapping of task name to task, got " + kind(node),
          kind(node).equals("a list") ? "write `tasks:` then `  my_task:` with the fields indented below" : null);
      return;
    }
    var entries = nodes.mapping(m, "tasks", null, null);
    int index = 0;
    for (var e : entries.values()) {
      var t = new TaskDraft();
      t.name = e.key();
      t.keyNode = e.keyNode();
      t.index = index++;
      if (!IDENTIFIER.matcher(e.key()).matches()) {
        session.error(e.keyNode(), ErrorCode.INVALID_IDENTIFIER, "tasks." + e.key(),
            "task name '" + abbreviate(e.key()) + "' must match [A-Za-z_][A-Za-z0-9_]*", "use letters, digits and '_'");
      }
      tasks.put(t.name, t);
    }
    for (var e : entries.values()) readTask(tasks.get(e.key()), e);
    for (var e : entries.values()) bindings.read(tasks.get(e.key()));
  }

  private void readTask(TaskDraft t, MappingEntry entry) {
    var path = "tasks." + t.name;
    if (!(entry.value() instanceof MappingNode m)) {
      session.error(entry.value() instanceof ScalarNode s && s.getTag().equals(Tag.NULL) ? entry.keyNode() : entry.value(),
          ErrorCode.WRONG_KIND, path, "a task must be a mapping of fields, got " + kind(entry.value()),
          "give the task at least `executor:` and what it runs");
      t.inputTypeBroken = t.outputTypeBroken = true;
      return;
    }
    t.fields = nodes.mapping(m, path, ALL_TASK_KEYS, "task");
    var f = t.fields;

    String kind = null;
    var execEntry = f.get("executor");
    if (execEntry == null) {
      session.error(t.keyNode, ErrorCode.MISSING_FIELD, path, "missing required field 'executor'",
          "add `executor:` with one of process, python, lambda, ecs");
    } else {
      var raw = nodes.string(execEntry.value(), path + ".executor", true);
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
          session.error(execEntry.value(), ErrorCode.UNKNOWN_EXECUTOR, path + ".executor", "unknown executor '" + abbreviate(raw) + "'", hint);
        }
      }
    }
    if (kind != null) {
      var allowed = EXECUTOR_KEYS.get(kind);
      for (var e : f.values()) {
        if (!COMMON_TASK_KEYS.contains(e.key()) && !allowed.contains(e.key())) {
          session.error(e.keyNode(), ErrorCode.FIELD_NOT_ALLOWED, path + "." + e.key(),
              "'" + e.key() + "' is not a field of " + kind + " tasks",
              "fields of " + kind + " tasks: " + String.join(", ", allowed));
        }
      }
      t.executor = executors.read(t, kind, path);
    }

    var deps = f.get("depends_on");
    if (deps != null) readDependsOn(t, deps, path);

    var it = f.get("input_type");
    if (it != null) {
      t.inputType = types.type(it.value(), path + ".input_type", 0);
      if (t.inputType == null) {
        t.inputTypeBroken = true;
      } else if (!(t.inputType instanceof TypeExpr.ObjectType)) {
        session.error(it.value(), ErrorCode.INPUT_TYPE_NOT_OBJECT, path + ".input_type",
            "input_type must resolve to an object type (named arguments), got " + t.inputType,
            "wrap it in a field: {value: " + t.inputType + "}");
        t.inputType = null;
        t.inputTypeBroken = true;
      }
    }
    var ot = f.get("output_type");
    if (ot != null) {
      t.outputType = types.type(ot.value(), path + ".output_type", 0);
      t.outputTypeBroken = t.outputType == null;
    }

    var timeout = f.get("timeout");
    if (timeout != null) {
      var seconds = nodes.integer(timeout.value(), path + ".timeout");
      if (seconds != null) {
        if (seconds < 0 || seconds > MAX_TIMEOUT_SECONDS) {
          session.error(timeout.value(), ErrorCode.OUT_OF_RANGE, path + ".timeout",
              "timeout must be between 0 and " + MAX_TIMEOUT_SECONDS + " seconds, got " + seconds,
              "use a positive number of seconds, or 0 for no timeout");
        } else {
          t.timeout = seconds == 0 ? null : Duration.ofSeconds(seconds);
        }
      }
    }
    var maxConcurrency = f.get("max_concurrency");
    if (maxConcurrency != null) {
      var n = nodes.integer(maxConcurrency.value(), path + ".max_concurrency");
      if (!f.containsKey("foreach")) {
        session.error(maxConcurrency.keyNode(), ErrorCode.FOREACH_REQUIRED, path + ".max_concurrency",
            "max_concurrency bounds the instances of a foreach task, and task '" + t.name + "' has no foreach",
            "add `foreach: {ref: tasks.<t>.output...}` or remove max_concurrency");
      } else if (n != null && (n < 1 || n > Foreach.MAX_INSTANCES)) {
        session.error(maxConcurrency.value(), ErrorCode.OUT_OF_RANGE, path + ".max_concurrency",
            "max_concurrency must be between 1 and " + Foreach.MAX_INSTANCES + ", got " + n, null);
      } else if (n != null) {
        t.maxConcurrency = (int) (long) n;
      }
    }
    var pool = f.get("pool");
    if (pool != null) {
      var name = nodes.string(pool.value(), path + ".pool", true);
      if (name != null && !WorkflowCompiler.POOL_NAME.matcher(name).matches()) {
        session.error(pool.value(), ErrorCode.INVALID_IDENTIFIER, path + ".pool",
            "pool name '" + abbreviate(name) + "' must match [A-Za-z0-9][A-Za-z0-9_.-]* (at most 64 characters)",
            "use letters, digits, '_', '-' and '.'");
      } else {
        t.pool = name;
      }
    }
    var retries = f.get("retries");
    if (retries != null) {
      var n = nodes.integer(retries.value(), path + ".retries");
      if (n != null) {
        if (n < 0 || n > MAX_RETRIES) {
          session.error(retries.value(), ErrorCode.OUT_OF_RANGE, path + ".retries",
              "retries must be between 0 and " + MAX_RETRIES + ", got " + n, null);
        } else {
          t.retries = (int) (long) n;
        }
      }
    }
  }

  private void readDependsOn(TaskDraft t, MappingEntry deps, String path) {
    var dpath = path + ".depends_on";
    if (isNull(deps.value())) return;
    if (!(deps.value() instanceof SequenceNode seq)) {
      session.error(deps.value(), ErrorCode.WRONG_KIND, dpath, "depends_on must be a list of task names, got " + kind(deps.value()),
          deps.value() instanceof ScalarNode s ? "write `depends_on: [" + abbreviate(s.getValue()) + "]`" : null);
      return;
    }
    int i = 0;
    for (var item : seq.getValue()) {
      var ipath = dpath + "[" + i++ + "]";
      var dep = nodes.string(item, ipath, true);
      if (dep == null) continue;
      if (dep.equals(t.name)) {
        session.error(item, ErrorCode.SELF_DEPENDENCY, ipath, "task '" + t.name + "' cannot depend on itself", "remove it from depends_on");
      } else if (!tasks.containsKey(dep)) {
        var hint = Suggest.didYouMean(dep, tasks.keySet());
        session.error(item, ErrorCode.UNKNOWN_DEPENDENCY, ipath, "task '" + t.name + "' depends on unknown task '" + abbreviate(dep) + "'",
            hint != null ? hint : "known tasks: " + abbreviate(String.join(", ", tasks.keySet())));
      } else if (t.dependsOnNodes.containsKey(dep)) {
        session.error(item, ErrorCode.DUPLICATE_DEPENDENCY, ipath, "depends_on has duplicate '" + dep + "'", "list each dependency once");
      } else {
        t.dependsOn.add(dep);
        t.dependsOnNodes.put(dep, item);
      }
    }
  }
}
