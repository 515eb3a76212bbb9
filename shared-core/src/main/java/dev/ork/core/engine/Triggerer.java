package dev.ork.core.engine;

import dev.ork.core.port.JobTracker.Poll;
import dev.ork.core.run.DeferredJob;
import dev.ork.core.run.DeferredJob.Status;
import dev.ork.core.run.StatusUpdate;
import java.time.Duration;

/**
 * Polls due deferred jobs through their trackers, and reports an attempt's outcome on the status
 * queue once all its jobs completed (success) or one failed (failure). Nothing runs between polls.
 */
public final class Triggerer {
  static final int MAX_CONSECUTIVE_ERRORS = 5;
  private static final java.util.Set<Status> OPEN = Status.open();

  private final EnginePorts ports;
  private final Duration interval;

  public Triggerer(EnginePorts ports, Duration interval) {
    this.ports = ports;
    this.interval = interval;
  }

  /** Polls up to {@code limit} due jobs; returns how many were polled. */
  public int pollDue(int limit) {
    if (!ports.deferrals().supported()) return 0;
    var due = ports.deferrals().jobs().jobsDue(ports.clock().now(), limit);
    for (var job : due) poll(job);
    return due.size();
  }

  private void poll(DeferredJob job) {
    var tracker = ports.deferrals().tracker(job.serviceType()).orElse(null);
    var now = ports.clock().now();
    if (tracker == null) {
      fail(job, "no tracker for service_type '" + job.serviceType() + "' in this runtime");
      return;
    }
    Poll result;
    try {
      result = tracker.poll(job.jobData());
    } catch (Exception e) {
      int errors = job.consecutiveErrors() + 1;
      if (errors >= MAX_CONSECUTIVE_ERRORS) {
        fail(job, "tracker error " + errors + " times in a row: " + e.getMessage());
      } else {
        ports.deferrals().jobs().updateJob(job.with(job.status(), "tracker error: " + e.getMessage(), errors,
            now.plus(interval), now, null), OPEN);
      }
      return;
    }
    switch (result) {
      case Poll.Running r -> ports.deferrals().jobs().updateJob(
          job.with(Status.POLLING, null, 0, now.plus(interval), now, null), OPEN);
      case Poll.Completed c -> {
        if (ports.deferrals().jobs().updateJob(job.with(Status.COMPLETED, null, 0, null, now, now), OPEN)) {
          reportIfAllCompleted(job);
        }
      }
      case Poll.Failed f -> fail(job, f.message());
    }
  }

  private void fail(DeferredJob job, String message) {
    var now = ports.clock().now();
    if (ports.deferrals().jobs().updateJob(job.with(Status.FAILED, message, job.consecutiveErrors(), null, now, now), OPEN)) {
      ports.statusQueue().send(StatusUpdate.failed(job.runId(), job.taskName(), job.attempt(),
          "deferred job " + job.serviceType() + " " + job.jobId() + " failed: " + message, now));
    }
  }

  private void reportIfAllCompleted(DeferredJob job) {
    var jobs = ports.deferrals().jobs().jobsOf(job.runId(), job.taskName(), job.attempt());
    if (jobs.stream().allMatch(j -> j.status() == Status.COMPLETED)) {
      ports.statusQueue().send(StatusUpdate.succeeded(job.runId(), job.taskName(), job.attempt(), null, ports.clock().now()));
    }
  }
}
