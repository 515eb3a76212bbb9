package dev.ork.core.engine;

import dev.ork.core.engine.Decision.SendStatus;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.RunTransitions;
import dev.ork.core.run.RunTrigger;
import dev.ork.core.run.StatusUpdate;

/**
 * Cancel, pause and resume of runs, and the sweeps that repair what lost messages left behind. Like
 * {@link Engine}: read, decide ({@link DecideRun}), apply ({@link Applier}).
 */
public final class RunControl {
  private final EnginePorts ports;
  private final EngineSettings settings;
  private final Snapshots snapshots;
  private final Applier applier;

  RunControl(EnginePorts ports, EngineSettings settings, Snapshots snapshots, Applier applier) {
    this.ports = ports;
    this.settings = settings;
    this.snapshots = snapshots;
    this.applier = applier;
  }

  /** PENDING → RUNNING, then queues the root tasks. Safe to repeat: the sweep re-activates stuck runs. */
  void activate(String runId) {
    applier.write(DecideRun.activate(runId, ports.clock().now()));
    var run = ports.runs().run(runId).orElseThrow();
    if (run.status() != RunStatus.RUNNING) return;
    applier.apply(DecideRun.queueRoots(run, snapshots.get(run.workflowName(), run.snapshotHash()), ports.clock().now()));
  }

  /** Cancels the run and every unfinished task, stopping attempts in flight. Sticky and repeatable. */
  public Run cancel(String runId, String reason) {
    var run = require(runId);
    if (run.status() == RunStatus.SUCCEEDED || run.status() == RunStatus.FAILED) {
      throw EngineException.conflict("run " + runId + " already finished as " + run.status().wireName());
    }
    var now = ports.clock().now();
    applier.write(DecideRun.cancel(runId, reason, now));
    var wf = snapshots.get(run.workflowName(), run.snapshotHash());
    for (var task : ports.runs().tasks(runId)) {
      var t = task;
      for (int tries = 0; tries < 5 && !t.status().isTerminal(); tries++) {
        if (applier.write(DecideRun.cancelTask(t, wf, now))) break;
        t = ports.runs().task(runId, t.taskName()).orElseThrow();
      }
    }
    return require(runId);
  }

  /** Stops new attempts from starting; attempts in flight finish and report. */
  public Run pause(String runId) {
    var now = ports.clock().now();
    var to = RunStatus.PAUSED;
    if (!ports.runs().transitionRun(runId, RunTransitions.guard(RunTrigger.PAUSE, to), to, now, null)) {
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
    var to = RunStatus.RUNNING;
    if (!ports.runs().transitionRun(runId, RunTransitions.guard(RunTrigger.RESUME, to), to, now, null)) {
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
      activate(runId);
      run = require(runId);
    }
    if (run.status() != RunStatus.RUNNING) {
      applier.completeIfDone(run);
      return;
    }
    var wf = snapshots.get(run.workflowName(), run.snapshotHash());
    var tasks = ports.runs().tasks(runId);
    applier.apply(DecideRun.reconcile(run, tasks, wf, ports.clock().now()));
    var latest = require(runId);
    if (tasks.stream().allMatch(t -> t.status().isTerminal())) {
      // from the items: repairs counters a crash left short
      applier.apply(DecideRun.complete(latest, tasks, ports.clock().now()));
    } else {
      applier.completeIfDone(latest);
    }
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
    applier.apply(expired.stream().map(t -> new SendStatus(StatusUpdate.deadline(t.runId(), t.taskName(), t.attempt(), now))).toList());
    var stale = ports.runs().runsStaleSince(now.minus(settings.staleAfter()), limit).stream()
        .filter(r -> owned.test(r.runId())).toList();
    for (var r : stale) reconcile(r.runId());
    return new SweepReport(expired.size(), stale.size());
  }

  public record SweepReport(int deadlinesChecked, int runsReconciled) {}

  private Run require(String runId) {
    return ports.runs().run(runId).orElseThrow(() -> EngineException.notFound("run " + runId + " does not exist"));
  }
}
