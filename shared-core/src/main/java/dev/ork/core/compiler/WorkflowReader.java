package dev.ork.core.compiler;

import static dev.ork.core.compiler.NodeReader.abbreviate;
import static dev.ork.core.compiler.NodeReader.kind;
import static dev.ork.core.compiler.WorkflowCompiler.MAX_BYTES;
import static dev.ork.core.compiler.WorkflowCompiler.TOP_KEYS;
import static dev.ork.core.compiler.WorkflowCompiler.WORKFLOW_NAME;

import dev.ork.core.workflow.CompiledTask;
import dev.ork.core.workflow.CompiledWorkflow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Reads one workflow document: top-level keys, then types, tasks, python signatures and the task order. */
final class WorkflowReader {

  private final CompileSession session;
  private final NodeReader nodes;
  private final TypeReader types;

  WorkflowReader(String file, Path root, WorkflowFiles files, PythonSignatures pythonSignatures) {
    this.session = new CompileSession(file, root, files, pythonSignatures);
    this.nodes = new NodeReader(session);
    this.types = new TypeReader(session, nodes);
  }

  CompileResult read(String yaml) {
    Node doc = YamlReader.compose(yaml, MAX_BYTES,
        (line, col, code, path, message, hint) -> session.diagnostics.add(new Diagnostic(session.file, line, col, code, path, message, hint)));
    if (doc == null) return new CompileResult.Invalid(session.diagnostics);
    if (!(doc instanceof MappingNode rootMap)) {
      session.error(doc, ErrorCode.WRONG_KIND, "$", "a workflow must be a mapping, got " + kind(doc),
          "start with `name: my_workflow` and `tasks:`");
      return new CompileResult.Invalid(session.diagnostics);
    }
    var top = nodes.mapping(rootMap, "", TOP_KEYS, "workflow");

    String name = null;
    var nameEntry = top.get("name");
    if (nameEntry == null) {
      session.error(rootMap, ErrorCode.MISSING_FIELD, "$", "missing required field 'name'", "add `name: my_workflow`");
    } else {
      name = nodes.string(nameEntry.value(), "name", true);
      if (name != null && !WORKFLOW_NAME.matcher(name).matches()) {
        session.error(nameEntry.value(), ErrorCode.INVALID_IDENTIFIER, "name",
            "workflow name '" + abbreviate(name) + "' must match [A-Za-z0-9][A-Za-z0-9_.-]* (at most 128 characters)",
            "use letters, digits, '_', '-' and '.'");
        name = null;
      }
    }
    String description = null;
    if (top.containsKey("description")) description = nodes.string(top.get("description").value(), "description", true);
    String schedule = null;
    if (top.containsKey("schedule")) {
      var node = top.get("schedule").value();
      schedule = nodes.string(node, "schedule", true);
      if (schedule != null) {
        schedule = schedule.trim();
        var problem = Schedules.problem(schedule);
        if (problem.isPresent()) {
          session.error(node, ErrorCode.INVALID_SCHEDULE, "schedule", problem.get(),
              "examples: '0 6 * * *' (daily 06:00 UTC), 'cron(0 12 * * ? *)', 'rate(5 minutes)'");
          schedule = null;
        }
      }
    }

    var maxActiveRuns = limit(top.get("max_active_runs"), "max_active_runs");
    var maxActiveTasks = limit(top.get("max_active_tasks"), "max_active_tasks");
    if (top.containsKey("types")) types.readAliases(top.get("types"));
    var tasksEntry = top.get("tasks");
    if (tasksEntry == null) {
      session.error(rootMap, ErrorCode.MISSING_FIELD, "$", "missing required field 'tasks'", "add `tasks:` with at least one task");
    } else {
      new TaskReader(session, nodes, types).readTasks(tasksEntry);
      PythonFilesCheck.run(session);
    }
    List<String> topo = DependencyGraph.topologicalOrder(session);
    if (!session.diagnostics.isEmpty()) return new CompileResult.Invalid(session.diagnostics);

    var compiled = new ArrayList<CompiledTask>();
    for (var t : session.tasks.values()) {
      compiled.add(new CompiledTask(t.name, t.index, t.executor, t.dependsOn, t.inputs,
          t.inputType, t.outputType, t.timeout, t.retries, t.foreach, t.pool));
    }
    var draft = new CompiledWorkflow(name, description, schedule, compiled, topo, "", maxActiveRuns, maxActiveTasks);
    return new CompileResult.Compiled(new CompiledWorkflow(name, description, schedule, compiled, topo,
        WorkflowCompiler.contentHash(draft), maxActiveRuns, maxActiveTasks));
  }

  /** {@code max_active_runs} / {@code max_active_tasks}: 1..MAX_LIMIT, or null when absent. */
  private Integer limit(MappingEntry entry, String path) {
    if (entry == null) return null;
    var n = nodes.integer(entry.value(), path);
    if (n == null) return null;
    if (n < 1 || n > WorkflowCompiler.MAX_LIMIT) {
      session.error(entry.value(), ErrorCode.OUT_OF_RANGE, path, path + " must be between 1 and "
          + WorkflowCompiler.MAX_LIMIT + ", got " + n, "leave it out for no limit");
      return null;
    }
    return (int) (long) n;
  }
}
