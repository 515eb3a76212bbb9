package dev.ork.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A request to start a run of a workflow's current (or a given) snapshot. {@code intervalStart} and
 * {@code intervalEnd} set its data interval (both or neither; null: the manual-run default).
 */
public record NewRun(
    String workflowName,
    String snapshotHash,
    String triggeredBy,
    String idempotencyKey,
    JsonNode overrides,
    Instant intervalStart,
    Instant intervalEnd) {

  /** A request with the default data interval. */
  public NewRun(String workflowName, String snapshotHash, String triggeredBy, String idempotencyKey, JsonNode overrides) {
    this(workflowName, snapshotHash, triggeredBy, idempotencyKey, overrides, null, null);
  }
}
