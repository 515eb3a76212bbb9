package dev.ork.infra.events;

import dev.ork.core.run.RunStatus;
import java.time.Instant;

/** A run moved to {@code status} (PENDING when it was created), as one EventBridge event describes it. */
public record RunStatusChange(String runId, String workflowName, RunStatus status, String error, Instant at) {}
