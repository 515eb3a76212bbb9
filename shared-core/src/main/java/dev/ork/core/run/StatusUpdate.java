package dev.ork.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * What an executor (or a timer) reports about one attempt. Fenced by {@code attempt}: an update for
 * any other attempt than the task's current one changes nothing.
 */
public record StatusUpdate(
    String runId,
    String taskName,
    int attempt,
    Kind kind,
    JsonNode output,
    String error,
    String executionId,
    Instant at) {

  public enum Kind {
    /** The attempt started (executors that report it separately from launch). */
    RUNNING,
    /** The attempt finished; {@code output} may hold {@code deferred} jobs. */
    SUCCEEDED,
    /** The attempt failed; {@code error} says why. */
    FAILED,
    /** A timer: check whether the attempt passed its deadline. */
    DEADLINE,
    /**
     * A run's watchdog (the AWS wiring's deadline timers, one per run rather than one per attempt):
     * check every attempt of the run in flight; {@code taskName} is null, {@code at} is its due time.
     */
    WATCHDOG
  }

  public static StatusUpdate succeeded(String runId, String task, int attempt, JsonNode output, Instant at) {
    return new StatusUpdate(runId, task, attempt, Kind.SUCCEEDED, output, null, null, at);
  }

  public static StatusUpdate failed(String runId, String task, int attempt, String error, Instant at) {
    return new StatusUpdate(runId, task, attempt, Kind.FAILED, null, error, null, at);
  }

  public static StatusUpdate deadline(String runId, String task, int attempt, Instant at) {
    return new StatusUpdate(runId, task, attempt, Kind.DEADLINE, null, null, null, at);
  }

  /** The watchdog of {@code runId}, due at {@code due}: names no task and no attempt. */
  public static StatusUpdate watchdog(String runId, Instant due) {
    return new StatusUpdate(runId, null, 0, Kind.WATCHDOG, null, null, null, due);
  }
}
