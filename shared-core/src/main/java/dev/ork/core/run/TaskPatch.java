package dev.ork.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The fields one conditional task write sets. Null fields are left as they are, except where a
 * {@code clear*} flag says to remove them.
 */
public record TaskPatch(
    TaskStatus status,
    Integer attempt,
    String executionId,
    JsonNode output,
    String error,
    Instant queuedAt,
    Instant startedAt,
    Instant finishedAt,
    Instant deadline,
    Instant retryAt,
    boolean clearDeadline) {

  public static TaskPatch to(TaskStatus status) {
    return new TaskPatch(status, null, null, null, null, null, null, null, null, null, false);
  }

  public TaskPatch attempt(int value) {
    return new TaskPatch(status, value, executionId, output, error, queuedAt, startedAt, finishedAt, deadline, retryAt, clearDeadline);
  }

  public TaskPatch executionId(String value) {
    return new TaskPatch(status, attempt, value, output, error, queuedAt, startedAt, finishedAt, deadline, retryAt, clearDeadline);
  }

  public TaskPatch output(JsonNode value) {
    return new TaskPatch(status, attempt, executionId, value, error, queuedAt, startedAt, finishedAt, deadline, retryAt, clearDeadline);
  }

  public TaskPatch error(String value) {
    return new TaskPatch(status, attempt, executionId, output, value, queuedAt, startedAt, finishedAt, deadline, retryAt, clearDeadline);
  }

  public TaskPatch queuedAt(Instant value) {
    return new TaskPatch(status, attempt, executionId, output, error, value, startedAt, finishedAt, deadline, retryAt, clearDeadline);
  }

  public TaskPatch startedAt(Instant value) {
    return new TaskPatch(status, attempt, executionId, output, error, queuedAt, value, finishedAt, deadline, retryAt, clearDeadline);
  }

  public TaskPatch finishedAt(Instant value) {
    return new TaskPatch(status, attempt, executionId, output, error, queuedAt, startedAt, value, deadline, retryAt, true);
  }

  public TaskPatch deadline(Instant value) {
    return new TaskPatch(status, attempt, executionId, output, error, queuedAt, startedAt, finishedAt, value, retryAt, value == null);
  }

  public TaskPatch retryAt(Instant value) {
    return new TaskPatch(status, attempt, executionId, output, error, queuedAt, startedAt, finishedAt, deadline, value, true);
  }

  /** Throws unless this patch ends the attempt (a terminal status), as {@code RunStore.finishTask} requires. */
  public void requireTerminal() {
    if (status == null || !status.isTerminal()) {
      throw new IllegalArgumentException("finishTask needs a terminal status, got " + status);
    }
  }

  /** Applies this patch to a task: what every store must produce, and what tests compare against. */
  public TaskRun applyTo(TaskRun t) {
    return new TaskRun(t.runId(), t.taskName(),
        status != null ? status : t.status(),
        attempt != null ? attempt : t.attempt(),
        t.maxAttempts(),
        executionId != null ? executionId : t.executionId(),
        output != null ? output : t.output(),
        error != null ? error : t.error(),
        queuedAt != null ? queuedAt : t.queuedAt(),
        startedAt != null ? startedAt : t.startedAt(),
        finishedAt != null ? finishedAt : t.finishedAt(),
        deadline != null ? deadline : (clearDeadline ? null : t.deadline()),
        retryAt != null ? retryAt : t.retryAt(),
        t.item(), t.instances(), t.instancesDone());
  }
}
