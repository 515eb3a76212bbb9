package dev.ork.infra.events;

import dev.ork.core.run.TaskStatus;
import java.time.Duration;

/** An attempt a finishTask write ended; {@code ran} is null when the handler never read its start. */
public record TaskFinish(String runId, String workflowName, String taskName, int attempt, TaskStatus status, Duration ran) {}
