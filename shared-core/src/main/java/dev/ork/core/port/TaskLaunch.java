package dev.ork.core.port;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.core.workflow.CompiledTask;
import java.time.Instant;

/**
 * Everything an executor needs to launch one attempt. {@code input} is the bound argument object;
 * {@code intervalStart}/{@code intervalEnd} the run's data interval (null on runs without one).
 */
public record TaskLaunch(String runId, String workflowName, CompiledTask task, int attempt, JsonNode input,
    Instant intervalStart, Instant intervalEnd) {

  public TaskLaunch(String runId, String workflowName, CompiledTask task, int attempt, JsonNode input) {
    this(runId, workflowName, task, attempt, input, null, null);
  }

  /** A stable id for this attempt, usable as an idempotency token by executors. */
  public String attemptId() {
    return runId + ":" + task.name() + ":" + attempt;
  }
}
