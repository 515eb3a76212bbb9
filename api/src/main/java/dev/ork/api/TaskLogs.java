package dev.ork.api;

import dev.ork.core.run.TaskRun;
import dev.ork.core.workflow.CompiledTask;

/**
 * Where a task attempt's log is: locally its stored text (the SQLite log store); on AWS the log group
 * (and stream when known) of the Lambda function or ECS task with a CloudWatch console link.
 */
public interface TaskLogs {
  /** {@code text} null when only the location is known. */
  record TaskLog(String text, String logGroup, String logStream, String link) {}

  TaskLog read(TaskRun task, CompiledTask definition, int attempt);

  /** Logs kept in a {@link dev.ork.core.port.LogStore} (the local wiring). */
  static TaskLogs stored(dev.ork.core.port.LogStore store) {
    return (task, definition, attempt) -> new TaskLog(store.read(task.runId(), task.taskName(), attempt), null, null, null);
  }
}
