package dev.ork.functions;

import dev.ork.infra.events.RunStatusChange;
import dev.ork.infra.events.TaskFinish;

/**
 * Run status changes as metrics: RunsStarted, RunsSucceeded, RunsFailed, RunsCancelled (per workflow);
 * and TaskDuration, how long each finished attempt ran (per workflow).
 */
final class RunMetrics {
  private RunMetrics() {}

  static void changed(RunStatusChange c) {
    var metric = switch (c.status()) {
      case PENDING -> "RunsStarted";
      case SUCCEEDED -> "RunsSucceeded";
      case FAILED -> "RunsFailed";
      case CANCELLED -> "RunsCancelled";
      case RUNNING, PAUSED -> null;
    };
    if (metric != null) Metrics.count(metric, c.workflowName(), c.runId());
  }

  static void finished(TaskFinish f) {
    if (f.ran() != null) Metrics.millis("TaskDuration", Math.max(0, f.ran().toMillis()), f.workflowName(), f.runId());
  }
}
