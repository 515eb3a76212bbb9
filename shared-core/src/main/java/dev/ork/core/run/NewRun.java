package dev.ork.core.run;

import com.fasterxml.jackson.databind.JsonNode;

/** A request to start a run of a workflow's current (or a given) snapshot. */
public record NewRun(
    String workflowName,
    String snapshotHash,
    String triggeredBy,
    String idempotencyKey,
    JsonNode overrides) {}
