package dev.ork.core.engine;

import dev.ork.core.engine.Decision.SendStatus;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.RunTransitions;
import dev.ork.core.run.RunTrigger;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.run.TaskStatus;
import dev.ork.core.run.TaskTransitions;
import dev.ork.core.run.TaskTrigger;

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
    var pending = ports.runs().run(runId).orElseThrow();
    if (pending.status() == RunStatus.PENDING) {
      var backfill = applier.limits().backfillOf(pending).orElse(null);
      if (backfill != null && backfill.cancelled()) return; // stays pending; the backfill's cancel cancels it
      if (!applier.limits().takeRunSlot(snapshots.get(pending.workflowName(), pending.snapshotHash()), pending, backfill)) {
        return; // max_active(_runs): it waits, pending, until a run of its workflow or backfill ends and wakes it
      }
    }
    boolean activated = applier.write(DecideRun.activate(runId, ports.clock().now()));
    var run = ports.runs().run(runId).orElseThrow();
    if (run.status() != RunStatus.RUNNING) return;
    var wf = snapshots.get(run.workflowName(), run.snapshotHash());
    var roots = DecideRun.queueRoots(run, wf, settings, ports.clock().now());
    // Queued roots are fenced by their QUEUED write; roots sent pending are re-sent only by the activation
    // that applied (a repeat that lost the race sends nothing; one a crash cut short is the stale sweep's).
    if (!activated) roots = roots.stream().filter(d -> !(d instanceof Decision.Batch)).toList();
    applier.apply(roots);
  }

  /** Cancels the run and every unfinished task, stopping attempts in flight. Sticky and repeatable. */
  public Run cancel(String runId, String reason) {
    var run = require(runId);
    if (run.status() == RunStatus.SUCCEEDED || run.status() == RunStatus.FAILED) {
      throw EngineException.conflict("run " + runId + " already finished as " + run.status().wireName());
    }
    var now = ports.clock().now();
    var wf = snapshots.get(run.workflowName(), run.snapshotHash());
    if (applier.write(DecideRun.cancel(runId, reason, now))) applier.limits().releaseRunSlot(wf, runId, run.backfillId());
    for (var task : ports.runs().tasks(runId)) {
      var t = task;
      for (int tries = 0; tries < 5 && !t.status().isTerminal(); tries++) {
        if (applier.write(DecideRun.cancelTask(t, wf, now))) break;
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
      ports.runs().redriveTask(runId, t.taskName(), TaskTransitions.guard(TaskTrigger.RERUN, t.status(), TaskStatus.PENDING),
          t.attempt(), t.attempt() + wf.requireTask(t.taskName()).maxAttempts());
    }
    var tasks = ports.runs().tasks(runId);
    int terminal = (int) tasks.stream().filter(t -> t.status().isTerminal()).count();
    int failed = (int) tasks.stream().filter(t -> t.status().isTerminal() && t.status() != TaskStatus.SUCCEEDED).count();
    var from = RunTransitions.guard(RunTrigger.RERUN, RunStatus.RUNNING);
    if (ports.runs().redriveRun(runId, from, terminal, failed, triggeredBy, ports.clock().now())) reconcile(runId);
    return require(runId);
  }

  /**
   * A store that counts finishes apart from their task writes (DynamoDB, at the end of a handler's
   * batch) added a count: completes the run if the counters, then its task items, say every task is
   * terminal. The same check a finish makes with the run its count returned.
   */
  public void counted(Run run) {
    applier.completeIfDone(run);
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
    applier.limits().returnLostSlots(wf, runId);
    var tasks = ports.runs().tasks(runId);
    applier.apply(DecideRun.reconcile(run, tasks, wf, ports.clock().now()));
    var latest = require(runId);
    if (tasks.stream().allMatch(t -> t.status().isTerminal())) {
      // from the items: repairs counters a crash left short
      applier.apply(DecideRun.complete(wf, latest, tasks, ports.clock().now()));
    } else {
      applier.completeIfDone(latest);
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
      activate(runId);
      return;
    }
    if (run.status() != RunStatus.RUNNING || !wf.hasLimits()) return;
    var send = new java.util.ArrayList<Decision>();
    for (var t : ports.runs().tasks(runId)) {
      if (t.status() == dev.ork.core.run.TaskStatus.QUEUED) { // waiting for a slot, or woken by a release in another process
        send.add(new Decision.Batch(new dev.ork.core.run.DispatchMessage(runId, t.taskName(), t.attempt())));
      } else if (t.status() == TaskStatus.PENDING && t.attempt() == 0
          && DecideRun.sentPending(wf, wf.requireTask(t.taskName()), settings)) {
        // a root sent pending by an activation in another process (a slot it released woke this run): its
        // message went to that process's queue; claimed from PENDING, fenced, so a repeat launches nothing twice
        send.add(new Decision.Batch(new dev.ork.core.run.DispatchMessage(runId, t.taskName(), 1)));
      }
    }
    send.add(new Decision.SendBatch(true));
    applier.apply(send);
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
    return sweep(limit, owned, true);
  }

  /**
   * The sweep, with the deadline part only when {@code deadlines}: where each claim sends a deadline
   * timer ({@link EngineSettings#deadlineTimers()}), overdue attempts are looked for only now and
   * then, as the backstop for a lost timer (on DynamoDB that look reads every unfinished run's tasks).
   */
  public SweepReport sweep(int limit, java.util.function.Predicate<String> owned, boolean deadlines) {
    var now = ports.clock().now();
    var expired = !deadlines ? java.util.List.<dev.ork.core.run.TaskRun>of()
        : ports.runs().tasksPastDeadline(now, limit).stream().filter(t -> owned.test(t.runId())).toList();
    applier.apply(expired.stream().map(t -> new SendStatus(StatusUpdate.deadline(t.runId(), t.taskName(), t.attempt(), now))).toList());
    var stale = ports.runs().runsStaleSince(now.minus(settings.staleAfter()), limit).stream()
        .filter(r -> owned.test(r.runId())).toList();
    for (var r : stale) reconcile(r.runId());
    applier.limits().returnLostSlots(now);
    return new SweepReport(expired.size(), stale.size());
  }

  public record SweepReport(int deadlinesChecked, int runsReconciled) {}

  private Run require(String runId) {
    return ports.runs().run(runId).orElseThrow(() -> EngineException.notFound("run " + runId + " does not exist"));
  }
}
