package dev.ork.core.port;

import java.time.Instant;

/** A registered workflow: its name, the snapshot new runs use, and its schedule state. */
public record WorkflowRecord(
    String name,
    String currentSnapshotHash,
    String schedule,
    boolean scheduleEnabled,
    Instant nextFireAt,
    Instant updatedAt) {}
