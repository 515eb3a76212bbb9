package dev.ork.core.engine;

import static dev.ork.core.run.TaskStatus.*;

import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.RunTransitions;
import dev.ork.core.run.RunTrigger;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import dev.ork.core.run.TaskTransitions;
import dev.ork.core.run.TaskTrigger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Cancel, pause and resume of runs, and the sweeps that repair what lost messages left behind. */
public final class RunControl {
  private final EnginePorts ports;
  private final EngineSettings settings;
  private final Snapshots snapshots;
  private final TaskOutcomes outcomes;
  private final Consumer<String> activate;

  RunControl(EnginePorts ports, EngineSettings settings, Snapshots snapshots, TaskOutcomes outcomes, Consumer<String> activate) {
    this.ports = ports;
    this.settings = settings;
    this.snapshots = snapshots;
    this.outcomes = outcomes;
    this.activate = activate;
  }

  /** Cancels the run and every unfinished task, stopping attempts in flight. Sticky and repeatable. */
  public Run cancel(String runId, String reason) {
    var run = require(runId);
    if (run.status() == RunStatus.SUCCEEDED || run.status() == RunStatus.FAILED) {
      throw EngineException.conflict("run " + runId + " already finished as " + run.status().wireName());
    }
    var now = ports.clock().now();
    var wf = snapshots.get(run.workflowName(), run.snapshotHash());
    if (ports.runs().transitionRun(runId, RunTransitions.guard(RunTrigger.CANCEL, RunStatus.CANCELLED), RunStatus.CANCELLED, now,
        reason == null ? "cancelled" : reason)) {
      outcomes.limits().releaseRunSlot(wf, runId);
    }
    for (var task : ports.runs().tasks(runId)) {
      var t = task;
      for (int tries = 0; tries < 5 && !t.status().isTerminal(); tries++) {
        var patch = TaskPatch.to(CANCELLED).error("run cancelled").finishedAt(now);
        if (ports.runs().finishTask(runId, t.taskName(), TaskTransitions.guard(TaskTrigger.CANCEL, t.status(), CANCELLED), t.attempt(), patch).isPresent()) {
          outcomes.cancelJobsOf(t, "run cancelled");
          outcomes.limits().releaseTaskSlots(wf, wf.requireTask(t.taskName()), runId, t.attempt());
          if (t.status().isInFlight() && t.executionId() != null) {
            var kind = wf.requireTask(t.taskName()).executor().kind();
            var stopped = t;
            ports.executors().forKind(kind).ifPresent(x ->
                x.stop(runId, stopped.taskName(), stopped.attempt(), stopped.executionId(), "run cancelled"));
          }
          break;
        }
        t = ports.runs().task(runId, t.taskName()).orElseThrow();
      }
    }
    return require(runId);
  }

  /**
   * Reruns a finished run in place (docs/scheduling.md "Rerun"); {@link Redrive} picks the tasks. A
   * run that is not finished is returned unchanged, so repeating a rerun is harmless.
   */
  public Run rerun(String runId, String task, boolean downstream, String triggeredBy) {
    var run = require(runId);
    if (!run.status().isTerminal()) return run;
    var wf = snapshots.get(run.workflowName(), run.snapshotHash());
    for (var t : Redrive.select(wf, run, ports.runs().tasks(runId), task, downstream)) {
      ports.runs().redriveTask(runId, t.taskName(), TaskTransitions.guard(TaskTrigger.RERUN, t.status(), PENDING),
          t.attempt(), t.attempt() + wf.requireTask(t.taskName()).maxAttempts());
    }
    var tasks = ports.runs().tasks(runId);
    int terminal = (int) tasks.stream().filter(t -> t.status().isTerminal()).count();
    int failed = (int) tasks.stream().filter(t -> t.status().isTerminal() && t.status() != SUCCEEDED).count();
    var from = RunTransitions.guard(RunTrigger.RERUN, RunStatus.RUNNING);
    if (ports.runs().redriveRun(runId, from, terminal, failed, triggeredBy, ports.clock().now())) reconcile(runId);
    return require(runId);
  }

  /** Stops new attempts from starting; attempts in flight finish and report. */
  public Run pause(String runId) {
    var now = ports.clock().now();
    if (!ports.runs().transitionRun(runId, RunTransitions.guard(RunTrigger.PAUSE, RunStatus.PAUSED), RunStatus.PAUSED, now, null)) {
      var run = require(runId);
      if (run.status() != RunStatus.PAUSED) {
        throw EngineException.conflict("run " + runId + " is " + run.status().wireName() + " and cannot be paused");
      }
    }
    return require(runId);
  }

  /** Lets a paused run go on: re-sends what waited while it was paused. */
  public Run resume(String runId) {
    var now = ports.clock().now();
    if (!ports.runs().transitionRun(runId, RunTransitions.guard(RunTrigger.RESUME, RunStatus.RUNNING), RunStatus.RUNNING, now, null)) {
      var run = require(runId);
      if (run.status() != RunStatus.RUNNING) {
        throw EngineException.conflict("run " + runId + " is " + run.status().wireName() + " and cannot be resumed");
      }
    }
    reconcile(runId);
    return require(runId);
  }

  /**
   * Re-derives what should be in motion from the stored state and sets it going again: ready tasks
   * queued, queued tasks re-sent, retries re-armed, missed failures propagated, the run completed.
   */
  public void reconcile(String runId) {
    var run = require(runId);
    if (run.status() == RunStatus.PENDING) {
      activate.accept(runId);
      run = require(runId);
    }
    if (run.status() != RunStatus.RUNNING) {
      outcomes.completeIfDone(run);
      return;
    }
    var wf = snapshots.get(run.workflowName(), run.snapshotHash());
    outcomes.limits().returnLostSlots(wf, runId);
    var tasks = ports.runs().tasks(runId);
    Map<String, TaskStatus> status = tasks.stream().collect(Collectors.toMap(TaskRun::taskName, TaskRun::status));
    Map<String, TaskRun> byName = tasks.stream().collect(Collectors.toMap(TaskRun::taskName, t -> t));
    var now = ports.clock().now();
    var send = new ArrayList<DispatchMessage>();
    for (var t : tasks) {
      var ct = wf.requireTask(t.taskName());
      if (ct.isInstance() && t.status() == PENDING) continue; // its lane decides: see the foreach task below
      if (ct.foreach() != null && !ct.isInstance() && t.status() == RUNNING) {
        outcomes.fanout().reconcile(wf, ct, t, byName, run);
        continue;
      }
      switch (t.status()) {
        case PENDING -> {
          if (ct.dependsOn().stream().allMatch(d -> status.get(d) == SUCCEEDED)) {
            if (ct.foreach() != null) {
              outcomes.release(wf, run, java.util.List.of(t.taskName()));
            } else {
              int attempt = outcomes.queue(runId, t.taskName());
              if (attempt > 0) send.add(new DispatchMessage(runId, t.taskName(), attempt));
            }
          } else if (ct.dependsOn().stream().anyMatch(d -> status.get(d).isFailure())) {
            var failed = ct.dependsOn().stream().filter(d -> status.get(d).isFailure()).findFirst().orElseThrow();
            run = outcomes.propagateFailure(wf, wf.requireTask(failed), run);
          }
        }
        case QUEUED -> send.add(new DispatchMessage(runId, t.taskName(), t.attempt()));
        case RETRY_WAIT -> {
          var wait = t.retryAt() == null || t.retryAt().isBefore(now) ? Duration.ZERO : Duration.between(now, t.retryAt());
          ports.dispatchQueue().sendAfter(new DispatchMessage(runId, t.taskName(), t.attempt()), wait);
        }
        case DISPATCHED, RUNNING, DEFERRED -> { } // in flight: its report or its deadline moves it on
        case SUCCEEDED, FAILED, TIMED_OUT, UPSTREAM_FAILED, CANCELLED -> { }
      }
    }
    ports.dispatchQueue().sendAll(send);
    var latest = require(runId);
    if (tasks.stream().allMatch(t -> t.status().isTerminal())) {
      outcomes.completeIfAllTerminal(latest, tasks); // from the items: repairs counters a crash left short
    } else {
      outcomes.completeIfDone(latest);
    }
  }

  /**
   * Tries again what waits for a limit: a pending run for its workflow's max_active_runs, queued
   * tasks for their pools. For wirings whose wake-ups may reach another process (local runs sharing
   * one database): each process re-checks its own runs.
   */
  public void recheckWaiting(String runId) {
    var run = ports.runs().run(runId).orElse(null);
    if (run == null) return;
    var wf = snapshots.get(run.workflowName(), run.snapshotHash());
    if (run.status() == RunStatus.PENDING) {
      activate.accept(runId);
      return;
    }
    if (run.status() != RunStatus.RUNNING || !wf.hasLimits()) return;
    var send = new ArrayList<DispatchMessage>();
    for (var t : ports.runs().tasks(runId)) {
      if (t.status() == QUEUED) { // waiting for a slot, or woken by a release in another process
        send.add(new DispatchMessage(runId, t.taskName(), t.attempt()));
      }
    }
    ports.dispatchQueue().sendAll(send);
  }

  /** The periodic sweep: attempts past their deadline, then runs that have not moved for a while. */
  public SweepReport sweep(int limit) {
    return sweep(limit, runId -> true);
  }

  /**
   * The sweep, restricted to the runs {@code owned} accepts: a local runtime sweeps only the runs it
   * started, since other processes sharing its database run theirs with their own executors.
   */
  public SweepReport sweep(int limit, java.util.function.Predicate<String> owned) {
    var now = ports.clock().now();
    var expired = ports.runs().tasksPastDeadline(now, limit).stream().filter(t -> owned.test(t.runId())).toList();
    for (var t : expired) {
      ports.statusQueue().send(StatusUpdate.deadline(t.runId(), t.taskName(), t.attempt(), now));
    }
    var stale = ports.runs().runsStaleSince(now.minus(settings.staleAfter()), limit).stream()
        .filter(r -> owned.test(r.runId())).toList();
    for (var r : stale) reconcile(r.runId());
    outcomes.limits().returnLostSlots(now);
    return new SweepReport(expired.size(), stale.size());
  }

  public record SweepReport(int deadlinesChecked, int runsReconciled) {}

  private Run require(String runId) {
    return ports.runs().run(runId).orElseThrow(() -> EngineException.notFound("run " + runId + " does not exist"));
  }
}
