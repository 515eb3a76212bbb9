package dev.ork.core.engine;

import static dev.ork.core.run.TaskStatus.*;

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
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What follows an attempt's end: a retry, or a terminal status and its consequences (dependents
 * released or marked upstream-failed, the run completed). Every step is a conditional write, and a
 * step found already applied is replayed, so a redelivered message finishes what a crash interrupted.
 */
final class TaskOutcomes {
  /** The most ready tasks one handler launches itself; more are queued for the dispatchers. */
  static final int INLINE_LAUNCH_MAX = 10;

  private final EnginePorts ports;
  private final EngineSettings settings;

  private final Snapshots snapshots;
  private final Fanout fanout;
  private final Limits limits;

  private JobCanceller leavingDeferred = (runId, task, attempt, reason) -> { };

  TaskOutcomes(EnginePorts ports, EngineSettings settings, Snapshots snapshots) {
    this.ports = ports;
    this.settings = settings;
    this.snapshots = snapshots;
    this.fanout = new Fanout(ports, settings, this);
    this.limits = new Limits(ports);
  }

  Fanout fanout() {
    return fanout;
  }

  Limits limits() {
    return limits;
  }

  interface JobCanceller {
    void cancel(String runId, String taskName, int attempt, String reason);
  }

  void onLeavingDeferred(JobCanceller canceller) {
    this.leavingDeferred = canceller;
  }

  /**
   * The attempt failed: schedule the next one if retries are left and it may help, else fail. The
   * write is guarded by {@code trigger}'s rows of the task table (from {@code task}'s status).
   */
  void failAttempt(CompiledWorkflow wf, CompiledTask ct, TaskRun task, TaskTrigger trigger,
      String error, boolean retryable, boolean timedOut) {
    var now = ports.clock().now();
    int attempt = task.attempt();
    if (task.status() == DEFERRED) leavingDeferred.cancel(task.runId(), ct.name(), attempt, "the attempt ended: " + error);
    if (retryable && attempt < task.maxAttempts()) { // the row's budget: a rerun extends it
      var delay = settings.backoff().delay(task.runId(), ct.name(), attempt);
      var patch = TaskPatch.to(RETRY_WAIT).attempt(attempt + 1).error(error).retryAt(now.plus(delay)).deadline(null);
      var from = TaskTransitions.guard(trigger, task.status(), RETRY_WAIT);
      if (ports.runs().transitionTask(task.runId(), ct.name(), from, attempt, patch)) {
        limits.releaseTaskSlots(wf, ct, task.runId(), attempt);
        ports.dispatchQueue().sendAfter(new DispatchMessage(task.runId(), ct.name(), attempt + 1), delay);
      }
      return;
    }
    var status = timedOut ? TIMED_OUT : FAILED;
    finish(wf, ct, task.runId(), TaskTransitions.guard(trigger, task.status(), status), attempt,
        TaskPatch.to(status).error(error).finishedAt(now));
  }

  /** Applies a terminal patch, then its consequences; replays them when the patch was applied before. */
  void finish(CompiledWorkflow wf, CompiledTask ct, String runId, Set<TaskStatus> from, int attempt, TaskPatch patch) {
    var after = ports.runs().finishTask(runId, ct.name(), from, attempt, patch);
    if (after.isPresent()) {
      limits.releaseTaskSlots(wf, ct, runId, attempt);
      afterTerminal(wf, ct, after.get(), patch.status(), true);
      return;
    }
    var current = ports.runs().task(runId, ct.name());
    int applied = patch.attempt() != null ? patch.attempt() : attempt;
    if (current.isPresent() && current.get().status() == patch.status() && current.get().attempt() == applied) {
      ports.runs().run(runId).ifPresent(run -> afterTerminal(wf, ct, run, patch.status(), false));
    }
  }

  /** A redelivered report for an attempt that already ended: redo the (idempotent) consequences. */
  void replayIfFinished(CompiledWorkflow wf, CompiledTask ct, String runId, int attempt) {
    var current = ports.runs().task(runId, ct.name()).orElse(null);
    if (current == null || current.attempt() != attempt || !current.status().isTerminal()) return;
    ports.runs().run(runId).ifPresent(run -> afterTerminal(wf, ct, run, current.status(), false));
  }

  /** {@code counted}: this caller's finish won (false when replaying one applied before). */
  private void afterTerminal(CompiledWorkflow wf, CompiledTask ct, Run run, TaskStatus status, boolean counted) {
    Run latest = run;
    if (ct.isInstance()) {
      fanout.instanceEnded(wf, ct, run, status, counted);
    } else if (status == SUCCEEDED) {
      var ready = new ArrayList<String>();
      for (var dependent : wf.dependentsOf(ct.name())) {
        // A single dependency needs no tally: its success alone makes the dependent ready.
        int satisfied = dependent.dependsOn().size() == 1 ? 1
            : ports.runs().markDependencySatisfied(run.runId(), dependent.name(), ct.name());
        if (satisfied == dependent.dependsOn().size()) ready.add(dependent.name());
      }
      release(wf, run, ready);
    } else if (status != CANCELLED) {
      latest = propagateFailure(wf, ct, run);
    }
    completeIfDone(latest);
  }

  /**
   * Moves newly ready tasks on, each exactly once (every step is a write fenced on PENDING). In a
   * running run with inline dispatch they are claimed and launched here; otherwise queued, and sent
   * to the dispatchers if the run is running (resume re-sends the queued ones of a paused run).
   */
  void release(CompiledWorkflow wf, Run run, List<String> ready) {
    boolean running = run.status() == RunStatus.RUNNING;
    // a wide release (a foreach's first lanes) goes to the dispatchers, which launch in parallel
    boolean inline = running && settings.inlineDispatch() && ready.size() <= INLINE_LAUNCH_MAX;
    var send = new ArrayList<DispatchMessage>();
    for (var name : ready) {
      var ct = wf.requireTask(name);
      if (ct.foreach() != null && !ct.isInstance()) {
        fanout.expand(wf, ct, run);
        continue;
      }
      if (inline && !Limits.limited(wf, ct)) { // a limited task waits for its slots at a dispatcher
        try {
          if (inlineLauncher.launchReady(run, name)) continue; // false: claimed elsewhere, or a rerun task (attempt > 0)
        } catch (RuntimeException e) {
          // e.g. throttled: queue it for a dispatcher (a no-op if the claim was written)
        }
      }
      int queued = queue(run.runId(), name);
      if (queued > 0 && running) send.add(new DispatchMessage(run.runId(), name, queued));
    }
    if (!send.isEmpty()) ports.dispatchQueue().sendAll(send);
  }

  interface InlineLauncher {
    /** Claims a ready task from PENDING and launches it; false if another caller claimed it. */
    boolean launchReady(Run run, String taskName);
  }

  private InlineLauncher inlineLauncher = (run, taskName) -> {
    throw new IllegalStateException("no inline launcher");
  };

  void onInlineLaunch(InlineLauncher launcher) {
    this.inlineLauncher = launcher;
  }

  /**
   * PENDING → QUEUED at its next attempt: 1, or after a rerun the one after its last. Returns the
   * queued attempt, or 0 when this call did not make the transition.
   */
  int queue(String runId, String taskName) {
    var now = ports.clock().now();
    var guard = TaskTransitions.guard(TaskTrigger.READY, QUEUED);
    if (ports.runs().transitionTask(runId, taskName, guard, 0, TaskPatch.to(QUEUED).attempt(1).queuedAt(now))) return 1;
    var rerun = ports.runs().task(runId, taskName).filter(t -> t.status() == PENDING && t.attempt() > 0).orElse(null);
    if (rerun == null) return 0;
    int next = rerun.attempt() + 1;
    return ports.runs().transitionTask(runId, taskName, guard, rerun.attempt(),
        TaskPatch.to(QUEUED).attempt(next).queuedAt(now)) ? next : 0;
  }

  /** Marks every pending descendant of a task that did not succeed as upstream-failed. */
  Run propagateFailure(CompiledWorkflow wf, CompiledTask failed, Run run) {
    var now = ports.clock().now();
    Run latest = run;
    var seen = new HashSet<String>();
    var todo = new ArrayDeque<CompiledTask>(wf.dependentsOf(failed.name()));
    while (!todo.isEmpty()) {
      var d = todo.poll();
      if (!seen.add(d.name())) continue;
      var upstream = d.dependsOn().contains(failed.name()) ? failed.name() : "an upstream task";
      var guard = TaskTransitions.guard(TaskTrigger.UPSTREAM_FAILED, UPSTREAM_FAILED);
      var patch = TaskPatch.to(UPSTREAM_FAILED).error("not run: " + upstream + " did not succeed").finishedAt(now);
      Optional<Run> after = ports.runs().finishTask(run.runId(), d.name(), guard, 0, patch);
      if (after.isEmpty()) { // a rerun task waits at its last attempt
        var t = ports.runs().task(run.runId(), d.name()).filter(x -> x.status() == PENDING && x.attempt() > 0);
        if (t.isPresent()) after = ports.runs().finishTask(run.runId(), d.name(), guard, t.get().attempt(), patch);
      }
      if (after.isPresent()) latest = after.get();
      todo.addAll(wf.dependentsOf(d.name()));
    }
    return latest;
  }

  void cancelJobsOf(TaskRun task, String reason) {
    if (task.status() == DEFERRED) leavingDeferred.cancel(task.runId(), task.taskName(), task.attempt(), reason);
  }

  /**
   * Completes the run when its counters say every task is terminal. The counters are only a hint
   * (a store may count apart from the task write, see {@link dev.ork.core.port.RunStore#finishTask}),
   * so the task items decide.
   */
  void completeIfDone(Run run) {
    if (!run.allTasksTerminal() || run.status().isTerminal()) return;
    completeIfAllTerminal(run, ports.runs().tasks(run.runId()));
  }

  /** Completes the run if every one of {@code tasks} (all of the run's) is terminal. */
  void completeIfAllTerminal(Run run, List<TaskRun> tasks) {
    if (run.status().isTerminal() || !tasks.stream().allMatch(t -> t.status().isTerminal())) return;
    long failed = tasks.stream().filter(t -> t.status() != SUCCEEDED).count();
    var to = failed > 0 ? RunStatus.FAILED : RunStatus.SUCCEEDED;
    var error = to == RunStatus.FAILED ? failed + " of " + tasks.size() + " tasks did not succeed" : null;
    Instant now = ports.clock().now();
    if (ports.runs().transitionRun(run.runId(), RunTransitions.guard(RunTrigger.COMPLETE, to), to, now, error)) {
      limits.releaseRunSlot(snapshots.get(run.workflowName(), run.snapshotHash()), run.runId());
    }
  }
}
