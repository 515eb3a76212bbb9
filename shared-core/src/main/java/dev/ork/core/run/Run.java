package dev.ork.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One execution of a snapshot. {@code overrides} replaces const bindings for this run only, keyed
 * {@code task.arg}. The counters are kept by the store in the same write as each task's terminal
 * transition, so run completion is decided without reading every task. {@code intervalStart} and
 * {@code intervalEnd} are the data interval the run is for (docs/scheduling.md "Data intervals"),
 * null only on runs stored before intervals existed. {@code backfillId} names the backfill that
 * started it (docs/scheduling.md "Backfill"), null for other runs.
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
    Instant finishedAt,
    Instant intervalStart,
    Instant intervalEnd,
    String backfillId) {

  /** A run not started by a backfill. */
  public Run(String runId, String workflowName, String snapshotHash, RunStatus status, String triggeredBy,
      String idempotencyKey, JsonNode overrides, int taskCount, int tasksTerminal, int tasksFailed, String error,
      Instant createdAt, Instant startedAt, Instant finishedAt, Instant intervalStart, Instant intervalEnd) {
    this(runId, workflowName, snapshotHash, status, triggeredBy, idempotencyKey, overrides, taskCount,
        tasksTerminal, tasksFailed, error, createdAt, startedAt, finishedAt, intervalStart, intervalEnd, null);
  }

  /** A run without a data interval. */
  public Run(String runId, String workflowName, String snapshotHash, RunStatus status, String triggeredBy,
      String idempotencyKey, JsonNode overrides, int taskCount, int tasksTerminal, int tasksFailed, String error,
      Instant createdAt, Instant startedAt, Instant finishedAt) {
    this(runId, workflowName, snapshotHash, status, triggeredBy, idempotencyKey, overrides, taskCount,
        tasksTerminal, tasksFailed, error, createdAt, startedAt, finishedAt, null, null, null);
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean allTasksTerminal() {
    return tasksTerminal >= taskCount;
  }
}
