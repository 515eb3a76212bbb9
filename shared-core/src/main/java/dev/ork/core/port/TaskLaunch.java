package dev.ork.core.port;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.core.workflow.CompiledTask;

/** Everything an executor needs to launch one attempt. {@code input} is the bound argument object. */
public record TaskLaunch(String runId, String workflowName, CompiledTask task, int attempt, JsonNode input) {

  /** A stable id for this attempt, usable as an idempotency token by executors. */
  public String attemptId() {
    return runId + ":" + task.name() + ":" + attempt;
  }
}
