package dev.ork.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A request to start a run of a workflow's current (or a given) snapshot. {@code intervalStart} and
 * {@code intervalEnd} set its data interval (both or neither; null: the manual-run default);
 * {@code backfillId} is set by a backfill for the runs of its slots.
 */
public record NewRun(
    String workflowName,
    String snapshotHash,
    String triggeredBy,
    String idempotencyKey,
    JsonNode overrides,
    Instant intervalStart,
    Instant intervalEnd,
    String backfillId) {

  /** A request not from a backfill. */
  public NewRun(String workflowName, String snapshotHash, String triggeredBy, String idempotencyKey, JsonNode overrides,
      Instant intervalStart, Instant intervalEnd) {
    this(workflowName, snapshotHash, triggeredBy, idempotencyKey, overrides, intervalStart, intervalEnd, null);
  }

  /** A request with the default data interval. */
  public NewRun(String workflowName, String snapshotHash, String triggeredBy, String idempotencyKey, JsonNode overrides) {
    this(workflowName, snapshotHash, triggeredBy, idempotencyKey, overrides, null, null, null);
  }
}
