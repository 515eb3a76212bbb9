package dev.ork.core.engine;

import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import dev.ork.core.workflow.CompiledWorkflow;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which tasks a rerun sends back to pending. Without a task: every task of the finished run that did
 * not succeed (failed, timed out, cancelled, upstream-failed); succeeded tasks keep their outputs. With
 * {@code task}: that task and its descendants that did not succeed, or with {@code downstream} all its
 * descendants. A pure rule over the stored tasks.
 */
final class Redrive {
  private Redrive() {}

  static List<TaskRun> select(CompiledWorkflow wf, Run run, List<TaskRun> tasks, String task, boolean downstream) {
    if (wf.tasks().stream().anyMatch(t -> t.foreach() != null)) {
      throw EngineException.conflict("run " + run.runId() + " has foreach tasks, which cannot be rerun yet; start a new run");
    }
    if (task == null) {
      if (run.status() == RunStatus.SUCCEEDED) {
        throw EngineException.conflict("run " + run.runId() + " succeeded: nothing to rerun (name a task to run it again)");
      }
      return tasks.stream().filter(t -> t.status().isTerminal() && t.status() != TaskStatus.SUCCEEDED).toList();
    }
    if (wf.task(task).isEmpty()) {
      throw new EngineException(EngineException.Code.INVALID_INPUT, "workflow '" + wf.name() + "' has no task '" + task
          + "' (it has: " + String.join(", ", wf.byName().keySet()) + ")");
    }
    var chosen = new HashSet<String>();
    var todo = new ArrayDeque<String>(List.of(task));
    while (!todo.isEmpty()) {
      var name = todo.poll();
      if (!chosen.add(name)) continue;
      wf.dependentsOf(name).forEach(d -> todo.add(d.name()));
    }
    Set<String> descendants = chosen;
    return tasks.stream().filter(t -> t.status().isTerminal())
        .filter(t -> t.taskName().equals(task)
            || (descendants.contains(t.taskName()) && (downstream || t.status() != TaskStatus.SUCCEEDED)))
        .toList();
  }
}
