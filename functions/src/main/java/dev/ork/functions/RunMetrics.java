package dev.ork.functions;

import dev.ork.infra.events.RunStatusChange;

/** Run status changes as metrics: RunsStarted, RunsSucceeded, RunsFailed, RunsCancelled (per workflow). */
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
}
