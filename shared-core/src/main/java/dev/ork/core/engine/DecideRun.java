package dev.ork.core.engine;

import static dev.ork.core.run.TaskStatus.*;

import dev.ork.core.engine.Decision.Batch;
import dev.ork.core.engine.Decision.CancelJobs;
import dev.ork.core.engine.Decision.DispatchAfter;
import dev.ork.core.engine.Decision.Propagate;
import dev.ork.core.engine.Decision.Release;
import dev.ork.core.engine.Decision.SendBatch;
import dev.ork.core.engine.Decision.StopAttempt;
import dev.ork.core.engine.Decision.WriteRun;
import dev.ork.core.engine.Decision.WriteTask;
import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.RunTransitions;
import dev.ork.core.run.RunTrigger;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import dev.ork.core.run.TaskTransitions;
import dev.ork.core.run.TaskTrigger;
import dev.ork.core.workflow.CompiledTask;
import dev.ork.core.workflow.CompiledWorkflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What moves a run as a whole: its start, tasks becoming ready or unreachable, completion, cancel
 * and the reconcile that repairs lost messages. Pure, like {@link Decide}; guards from the tables.
 */
final class DecideRun {
  /** The most ready tasks one handler launches itself; more are queued for the dispatchers. */
  static final int INLINE_LAUNCH_MAX = 10;

  private DecideRun() {}

  static WriteRun activate(String runId, Instant now) {
    return new WriteRun(runId, RunTransitions.guard(RunTrigger.ACTIVATE, RunStatus.RUNNING), RunStatus.RUNNING, now, null);
  }

  /**
   * A run just activated: queue its root tasks and send their dispatch messages in one batch. With
   * inline dispatch a root that waits for no limit and expands nothing is not written QUEUED: its
   * message (attempt 1) is sent for the task still pending at attempt 0, and the dispatcher claims it
   * from PENDING as a dependent is claimed inline ({@link #sentPending}). A lost message leaves it
   * pending and ready, which the stale-run sweep queues, as it re-sends a queued task's.
   */
  static List<Decision> queueRoots(Run run, CompiledWorkflow wf, EngineSettings s, Instant now) {
    var out = new ArrayList<Decision>();
    for (var t : wf.tasks()) {
      if (!t.isRoot()) continue;
      out.add(sentPending(wf, t, s) ? new Batch(new DispatchMessage(run.runId(), t.name(), 1))
          : queue(run.runId(), t.name(), true, now));
    }
    out.add(new SendBatch(true));
    return out;
  }

  /** Whether the root {@code ct} is sent to the dispatchers pending (no QUEUED write), see {@link #queueRoots}. */
  static boolean sentPending(CompiledWorkflow wf, CompiledTask ct, EngineSettings s) {
    return s.inlineDispatch() && ct.isRoot() && ct.foreach() == null && !Limits.limited(wf, ct);
  }

  /**
   * Moves newly ready tasks on, each exactly once (every step is a write fenced on PENDING). In a
   * running run with inline dispatch they are claimed and launched here; otherwise queued, and sent
   * to the dispatchers if the run is running (resume re-sends the queued ones of a paused run).
   */
  static List<Decision> release(Run run, List<String> ready, CompiledWorkflow wf, EngineSettings s, Instant now) {
    boolean running = run.status() == RunStatus.RUNNING;
    // a wide release (a foreach's first lanes) goes to the dispatchers, which launch in parallel
    boolean inline = running && s.inlineDispatch() && ready.size() <= INLINE_LAUNCH_MAX;
    var each = new ArrayList<Release.Ready>();
    for (var name : ready) {
      var ct = wf.requireTask(name);
      if (ct.foreach() != null && !ct.isInstance()) {
        each.add(new Release.Ready(null, null, ct));
        continue;
      }
      var claim = inline && !Limits.limited(wf, ct) ? Decide.inlineClaim(run, ct, s, now) : null; // a limited task waits for its slots at a dispatcher
      each.add(new Release.Ready(claim, queue(run.runId(), name, running, now), null));
    }
    return List.of(new Release(run, each), new SendBatch(false));
  }

  /** PENDING → QUEUED at attempt 1; when {@code send}, its dispatch message joins the batch. */
  static WriteTask queue(String runId, String taskName, boolean send, Instant now) {
    return queue(runId, taskName, 0, send, now);
  }

  /** PENDING → QUEUED at the attempt after {@code from}: 0 for a new task, the last one for a task a rerun left pending. */
  static WriteTask queue(String runId, String taskName, int from, boolean send, Instant now) {
    List<Decision> then = send ? List.of(new Batch(new DispatchMessage(runId, taskName, from + 1))) : List.of();
    return new WriteTask(runId, taskName, TaskTransitions.guard(TaskTrigger.READY, QUEUED), from,
        TaskPatch.to(QUEUED).attempt(from + 1).queuedAt(now), then, List.of());
  }

  /** Marks every pending descendant of a task that did not succeed as upstream-failed. */
  static Propagate propagateFailure(CompiledWorkflow wf, CompiledTask failed, String runId, boolean thenComplete, Instant now) {
    var writes = new ArrayList<WriteTask>();
    var seen = new HashSet<String>();
    var todo = new ArrayDeque<CompiledTask>(wf.dependentsOf(failed.name()));
    while (!todo.isEmpty()) {
      var d = todo.poll();
      if (!seen.add(d.name())) continue;
      var upstream = d.dependsOn().contains(failed.name()) ? failed.name() : "an upstream task";
      writes.add(new WriteTask(runId, d.name(), TaskTransitions.guard(TaskTrigger.UPSTREAM_FAILED, UPSTREAM_FAILED), 0,
          TaskPatch.to(UPSTREAM_FAILED).error("not run: " + upstream + " did not succeed").finishedAt(now)));
      todo.addAll(wf.dependentsOf(d.name()));
    }
    return new Propagate(writes, thenComplete);
  }

  /** The run's counters say every task is terminal (a hint: the task items decide, see {@link #complete}). */
  static boolean mayBeComplete(Run run) {
    return run.allTasksTerminal() && !run.status().isTerminal();
  }

  /** Completes the run if every one of {@code tasks} (all of the run's) is terminal. */
  static List<Decision> complete(CompiledWorkflow wf, Run run, List<TaskRun> tasks, Instant now) {
    if (run.status().isTerminal() || !tasks.stream().allMatch(t -> t.status().isTerminal())) return List.of();
    long failed = tasks.stream().filter(t -> t.status() != SUCCEEDED).count();
    var to = failed > 0 ? RunStatus.FAILED : RunStatus.SUCCEEDED;
    var error = to == RunStatus.FAILED ? failed + " of " + tasks.size() + " tasks did not succeed" : null;
    return List.of(new WriteRun(run.runId(), RunTransitions.guard(RunTrigger.COMPLETE, to), to, now, error,
        List.of(new Decision.ReleaseRunSlot(wf, run.runId(), run.backfillId()))));
  }

  static WriteRun cancel(String runId, String reason, Instant now) {
    return new WriteRun(runId, RunTransitions.guard(RunTrigger.CANCEL, RunStatus.CANCELLED), RunStatus.CANCELLED, now,
        reason == null ? "cancelled" : reason);
  }

  /** Cancels one unfinished task as last seen; then its open jobs and the attempt in flight are stopped. */
  static WriteTask cancelTask(TaskRun t, CompiledWorkflow wf, Instant now) {
    var then = new ArrayList<Decision>();
    if (t.status() == DEFERRED) then.add(new CancelJobs(t.runId(), t.taskName(), t.attempt(), "run cancelled"));
    then.add(new Decision.ReleaseTaskSlots(wf, wf.requireTask(t.taskName()), t.runId(), t.attempt()));
    if (t.status().isInFlight() && t.executionId() != null) {
      then.add(new StopAttempt(wf.requireTask(t.taskName()).executor().kind(), t.runId(), t.taskName(), t.attempt(),
          t.executionId(), "run cancelled"));
    }
    return new WriteTask(t.runId(), t.taskName(), TaskTransitions.guard(TaskTrigger.CANCEL, t.status(), CANCELLED),
        t.attempt(), TaskPatch.to(CANCELLED).error("run cancelled").finishedAt(now), then, List.of());
  }

  /**
   * Re-derives what should be in motion in a running run from its stored tasks: ready tasks queued,
   * queued tasks re-sent, retries re-armed, missed failures propagated.
   */
  static List<Decision> reconcile(Run run, List<TaskRun> tasks, CompiledWorkflow wf, Instant now) {
    Map<String, TaskStatus> status = tasks.stream().collect(Collectors.toMap(TaskRun::taskName, TaskRun::status));
    Map<String, TaskRun> byName = tasks.stream().collect(Collectors.toMap(TaskRun::taskName, t -> t));
    var out = new ArrayList<Decision>();
    for (var t : tasks) {
      var ct = wf.requireTask(t.taskName());
      if (ct.isInstance() && t.status() == PENDING) continue; // its lane decides: see the foreach task below
      if (ct.foreach() != null && !ct.isInstance() && t.status() == RUNNING) {
        out.add(new Decision.ReconcileForeach(ct, t, byName, run));
        continue;
      }
      switch (t.status()) {
        case PENDING -> {
          if (ct.dependsOn().stream().allMatch(d -> status.get(d) == SUCCEEDED)) {
            out.add(ct.foreach() != null ? new Release(run, List.of(new Release.Ready(null, null, ct)))
                : queue(run.runId(), t.taskName(), t.attempt(), true, now));
          } else if (ct.dependsOn().stream().anyMatch(d -> status.get(d).isFailure())) {
            var failed = ct.dependsOn().stream().filter(d -> status.get(d).isFailure()).findFirst().orElseThrow();
            out.add(propagateFailure(wf, wf.requireTask(failed), run.runId(), false, now));
          }
        }
        case QUEUED -> out.add(new Batch(new DispatchMessage(run.runId(), t.taskName(), t.attempt())));
        case RETRY_WAIT -> {
          var wait = t.retryAt() == null || t.retryAt().isBefore(now) ? Duration.ZERO : Duration.between(now, t.retryAt());
          out.add(new DispatchAfter(new DispatchMessage(run.runId(), t.taskName(), t.attempt()), wait));
        }
        case DISPATCHED, RUNNING, DEFERRED -> { } // in flight: its report or its deadline moves it on
        case SUCCEEDED, FAILED, TIMED_OUT, UPSTREAM_FAILED, CANCELLED -> { }
      }
    }
    out.add(new SendBatch(true));
    return out;
  }
}
