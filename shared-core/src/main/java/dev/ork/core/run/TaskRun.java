package dev.ork.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One task inside one run. {@code attempt} is 1-based and only grows; every status write is fenced
 * by (status, attempt). {@code deadline} is set while an attempt is in flight and has a timeout.
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
    Instant retryAt) {

  public static TaskRun pending(String runId, String taskName, int maxAttempts) {
    return new TaskRun(runId, taskName, TaskStatus.PENDING, 0, maxAttempts, null, null, null,
        null, null, null, null, null);
  }
}
