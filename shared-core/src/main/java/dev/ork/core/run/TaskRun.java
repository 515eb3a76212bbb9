package dev.ork.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One task inside one run. {@code attempt} is 1-based and only grows; every status write is fenced
 * by (status, attempt). {@code deadline} is set while an attempt is in flight and has a timeout.
 * A foreach task's row counts its {@code instances} and how many of them ended ({@code instancesDone},
 * a hint like the run's counters); an instance's row ({@code t[i]}) holds its list element, {@code item}.
 */
public record TaskRun(
    String runId,
    String taskName,
    TaskStatus status,
    int attempt,
    int maxAttempts,
    String executionId,
    JsonNode output,
    String error,
    Instant queuedAt,
    Instant startedAt,
    Instant finishedAt,
    Instant deadline,
    Instant retryAt,
    JsonNode item,
    int instances,
    int instancesDone) {

  /** A task row of a task that is neither a foreach nor one of its instances. */
  public TaskRun(String runId, String taskName, TaskStatus status, int attempt, int maxAttempts, String executionId,
      JsonNode output, String error, Instant queuedAt, Instant startedAt, Instant finishedAt, Instant deadline,
      Instant retryAt) {
    this(runId, taskName, status, attempt, maxAttempts, executionId, output, error, queuedAt, startedAt, finishedAt,
        deadline, retryAt, null, 0, 0);
  }

  public static TaskRun pending(String runId, String taskName, int maxAttempts) {
    return new TaskRun(runId, taskName, TaskStatus.PENDING, 0, maxAttempts, null, null, null,
        null, null, null, null, null);
  }

  /** Instance {@code index} of foreach task {@code task}, waiting for its lane. */
  public static TaskRun instance(String runId, String task, int index, int maxAttempts, JsonNode item) {
    return new TaskRun(runId, dev.ork.core.workflow.Instances.name(task, index), TaskStatus.PENDING, 0, maxAttempts,
        null, null, null, null, null, null, null, null, item, 0, 0);
  }
}
