package dev.ork.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One execution of a snapshot. {@code overrides} replaces const bindings for this run only, keyed
 * {@code task.arg}. The counters are kept by the store in the same write as each task's terminal
 * transition, so run completion is decided without reading every task.
 */
public record Run(
    String runId,
    String workflowName,
    String snapshotHash,
    RunStatus status,
    String triggeredBy,
    String idempotencyKey,
    JsonNode overrides,
    int taskCount,
    int tasksTerminal,
    int tasksFailed,
    String error,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean allTasksTerminal() {
    return tasksTerminal >= taskCount;
  }
}
