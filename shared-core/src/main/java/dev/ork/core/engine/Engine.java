package dev.ork.core.engine;

import static dev.ork.core.run.TaskStatus.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.core.port.TaskExecutor.LaunchException;
import dev.ork.core.port.TaskLaunch;
import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.NewRun;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.RunTransitions;
import dev.ork.core.run.RunTrigger;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskTransitions;
import dev.ork.core.run.TaskTrigger;
import dev.ork.core.schedule.Interval;
import dev.ork.core.schedule.Intervals;
import dev.ork.core.workflow.Binding;
import dev.ork.core.workflow.CompiledTask;
import dev.ork.core.workflow.CompiledWorkflow;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The orchestration engine: starts runs, claims and launches attempts, applies what executors
 * report. It holds no state of its own and does no I/O but through its ports; every handler is
 * idempotent, so queues may deliver twice and out of order. Run control (cancel, pause, resume,
 * sweeps) lives in {@link RunControl}.
 */
public final class Engine {
  private final EnginePorts ports;
  private final EngineSettings settings;
  private final Snapshots snapshots;
  private final TaskOutcomes outcomes;
  private final RunControl control;
  private final DeferredHandOver deferred;

  public Engine(EnginePorts ports, EngineSettings settings) {
    this.ports = ports;
    this.settings = settings;
    this.snapshots = new Snapshots(ports.snapshots());
    this.outcomes = new TaskOutcomes(ports, settings, snapshots);
    outcomes.limits().onRunWoken(this::activate);
    this.deferred = new DeferredHandOver(ports, outcomes, settings);
    outcomes.onLeavingDeferred(deferred::cancelOpenJobs);
    outcomes.onInlineLaunch(this::launchReady);
    this.control = new RunControl(ports, settings, snapshots, outcomes, this::activate);
  }

  public RunControl control() {
    return control;
  }

  /** The pool slots this engine's limits take (what `ork pool` and PUT /pools/{name} set). */
  public dev.ork.core.port.SlotStore slots() {
    return ports.slots();
  }

  public CompiledWorkflow snapshotOf(Run run) {
    return snapshots.get(run.workflowName(), run.snapshotHash());
  }

  /** Starts a run, or returns the run already started with the same idempotency key. */
  public Run startRun(NewRun request) {
    return start(request).run();
  }

  /** A started run, and whether this call created it (false: its idempotency key named an earlier run). */
  public record Started(Run run, boolean created) {}

  /** As {@link #startRun}, telling apart the one call per idempotency key that created the run. */
  public Started start(NewRun request) {
    var record = ports.snapshots().workflow(request.workflowName()).orElseThrow(() ->
        EngineException.notFound("workflow '" + request.workflowName() + "' is not registered"));
    var hash = request.snapshotHash() != null ? request.snapshotHash() : record.currentSnapshotHash();
    var wf = snapshots.get(record.name(), hash);
    Overrides.check(wf, request.overrides());
    var now = ports.clock().now();
    var interval = interval(request, wf, now);
    var run = new Run(ports.runIds().get(), wf.name(), hash, RunStatus.PENDING, request.triggeredBy(),
        request.idempotencyKey(), request.overrides(), wf.tasks().size(), 0, 0, null, now, null, null,
        interval.start(), interval.end());
    var tasks = wf.tasks().stream().map(t -> TaskRun.pending(run.runId(), t.name(), t.maxAttempts())).toList();
    var stored = ports.runs().createRun(run, tasks);
    activate(stored.runId());
    return new Started(ports.runs().run(stored.runId()).orElse(stored), stored.runId().equals(run.runId()));
  }

  private static Interval interval(NewRun request, CompiledWorkflow wf, Instant now) {
    if (request.intervalStart() == null && request.intervalEnd() == null) return Intervals.manualDefault(wf, now);
    if (request.intervalStart() == null || request.intervalEnd() == null) {
      throw new EngineException(EngineException.Code.INVALID_INPUT, "give both interval start and interval end, or neither");
    }
    if (request.intervalStart().isAfter(request.intervalEnd())) {
      throw new EngineException(EngineException.Code.INVALID_INPUT, "interval start " + request.intervalStart()
          + " is after interval end " + request.intervalEnd());
    }
    return new Interval(request.intervalStart(), request.intervalEnd());
  }

  /** PENDING → RUNNING, then queues the root tasks. Safe to repeat: the sweep re-activates stuck runs. */
  void activate(String runId) {
    var pending = ports.runs().run(runId).orElseThrow();
    if (pending.status() == RunStatus.PENDING && !outcomes.limits().takeRunSlot(snapshotOf(pending), pending)) {
      return; // max_active_runs: it waits, pending, until a run of its workflow ends and wakes it
    }
    var now = ports.clock().now();
    ports.runs().transitionRun(runId, RunTransitions.guard(RunTrigger.ACTIVATE, RunStatus.RUNNING), RunStatus.RUNNING, now, null);
    var run = ports.runs().run(runId).orElseThrow();
    if (run.status() != RunStatus.RUNNING) return;
    var wf = snapshotOf(run);
    var roots = new java.util.ArrayList<DispatchMessage>();
    for (var t : wf.tasks()) {
      if (!t.isRoot()) continue;
      int attempt = outcomes.queue(runId, t.name());
      if (attempt > 0) roots.add(new DispatchMessage(runId, t.name(), attempt));
    }
    ports.dispatchQueue().sendAll(roots);
  }

  /** Claims the attempt (QUEUED or RETRY_WAIT → DISPATCHED), binds its inputs and launches it. */
  public void dispatch(DispatchMessage m) {
    var run = ports.runs().runMaybeStale(m.runId()).filter(r -> r.status() == RunStatus.RUNNING)
        .or(() -> ports.runs().run(m.runId())).orElse(null); // a stale copy may not show it running yet
    if (run == null || run.status() != RunStatus.RUNNING) return; // paused: resume re-sends
    var task = ports.runs().taskMaybeStale(m.runId(), m.taskName()).filter(t -> t.attempt() == m.attempt()
        && (t.status() == QUEUED || t.status() == RETRY_WAIT)).or(() -> ports.runs().task(m.runId(), m.taskName())).orElse(null);
    if (task == null || task.attempt() != m.attempt()) return;
    var now = ports.clock().now();
    if (task.status() == RETRY_WAIT && task.retryAt() != null && task.retryAt().isAfter(now)) {
      ports.dispatchQueue().sendAfter(m, Duration.between(now, task.retryAt()));
      return;
    }
    var wf = snapshotOf(run);
    var ct = wf.requireTask(m.taskName());
    if (Limits.limited(wf, ct) && !outcomes.limits().takeTaskSlots(wf, ct, task)) {
      return; // a pool is full: it waits, queued, until a release wakes it (oldest first)
    }
    var claim = TaskPatch.to(DISPATCHED).startedAt(now).deadline(now.plus(claimWindow(ct)));
    if (!ports.runs().transitionTask(m.runId(), m.taskName(), TaskTransitions.guard(TaskTrigger.CLAIM, DISPATCHED), m.attempt(), claim)) return;
    launchClaimed(run, claim.applyTo(task));
  }

  /**
   * Launches a dependent that has just become ready in a running run, claiming it straight from
   * PENDING (PENDING → DISPATCHED at attempt 1): one conditional write and no read, since the caller
   * knows the run and the task's state. False when another caller claimed it first.
   */
  boolean launchReady(Run run, String taskName) {
    var ct = snapshotOf(run).requireTask(taskName);
    var now = ports.clock().now();
    var claim = TaskPatch.to(DISPATCHED).attempt(1).queuedAt(now).startedAt(now).deadline(now.plus(claimWindow(ct)));
    if (!ports.runs().transitionTask(run.runId(), taskName, TaskTransitions.guard(TaskTrigger.READY_INLINE, DISPATCHED), 0, claim)) return false;
    launchClaimed(run, claim.applyTo(TaskRun.pending(run.runId(), taskName, ct.maxAttempts())));
    return true;
  }

  /** Binds the claimed attempt's inputs, launches it and records it RUNNING. */
  private void launchClaimed(Run run, TaskRun claimed) {
    var m = new DispatchMessage(run.runId(), claimed.taskName(), claimed.attempt());
    var wf = snapshotOf(run);
    var ct = wf.requireTask(m.taskName());
    JsonNode input;
    try {
      var item = ct.isInstance() ? outcomes.fanout().itemOf(claimed) : null;
      input = InputBinder.bind(ct, referencedOutputs(run.runId(), ct), run.overrides(), item, runFields(run));
    } catch (InputBinder.BindingException e) {
      outcomes.failAttempt(wf, ct, claimed, TaskTrigger.LAUNCH_FAILED, e.getMessage(), false, false);
      return;
    }
    var executor = ports.executors().forKind(ct.executor().kind());
    if (executor.isEmpty()) {
      outcomes.failAttempt(wf, ct, claimed, TaskTrigger.LAUNCH_FAILED, "no '" + ct.executor().kind()
          + "' executor in this runtime (it has: " + String.join(", ", ports.executors().kinds()) + ")", false, false);
      return;
    }
    String executionId;
    try {
      executionId = executor.get().launch(new TaskLaunch(run.runId(), run.workflowName(), ct, m.attempt(), input,
          run.intervalStart(), run.intervalEnd()));
    } catch (LaunchException e) {
      outcomes.failAttempt(wf, ct, claimed, TaskTrigger.LAUNCH_FAILED, "launch failed: " + e.getMessage(), e.retryable(), false);
      return;
    }
    var started = ports.clock().now();
    var running = TaskPatch.to(RUNNING).executionId(executionId);
    Instant deadline;
    if (timeoutRunsFromClaim(ct)) {
      deadline = claimed.deadline(); // unchanged: on DynamoDB, moving it costs 2 WRU (the deadline index entry)
    } else {
      deadline = ct.timeout() == null ? null : started.plus(ct.timeout());
      running = running.deadline(deadline);
    }
    if (ports.runs().transitionTask(m.runId(), m.taskName(), TaskTransitions.guard(TaskTrigger.LAUNCHED, RUNNING), m.attempt(), running)) {
      if (deadline != null && settings.deadlineTimers()) {
        var wait = deadline.isAfter(started) ? Duration.between(started, deadline) : Duration.ZERO;
        ports.statusQueue().sendAfter(StatusUpdate.deadline(m.runId(), m.taskName(), m.attempt(), deadline), wait);
      }
      return;
    }
    // The attempt already reported, or the run was cancelled while launching: stop what we started.
    ports.runs().task(m.runId(), m.taskName())
        .filter(t -> t.status() == CANCELLED && t.attempt() == m.attempt())
        .ifPresent(t -> executor.get().stop(m.runId(), m.taskName(), m.attempt(), executionId, "run cancelled"));
  }

  /**
   * How long a claimed attempt may take to be recorded as launched: the launch grace, or the task's
   * timeout when that is shorter. In the latter case the timeout runs from the claim (launching is
   * part of it), and the claim's deadline is already the attempt's deadline.
   */
  private Duration claimWindow(CompiledTask ct) {
    return timeoutRunsFromClaim(ct) ? ct.timeout() : settings.launchGrace();
  }

  private boolean timeoutRunsFromClaim(CompiledTask ct) {
    return ct.timeout() != null && ct.timeout().compareTo(settings.launchGrace()) <= 0;
  }

  /** Applies an executor's report (or a deadline timer) to the attempt it names, and nothing else. */
  public void onStatus(StatusUpdate u) {
    // A possibly stale copy is trusted only when it shows the attempt in flight: every write that
    // follows is fenced on that, and anything else is decided on a consistent read. Deadline checks
    // (rare, and they may stop an execution before writing) always read consistently.
    var task = (u.kind() == StatusUpdate.Kind.DEADLINE ? java.util.Optional.<TaskRun>empty()
        : ports.runs().taskMaybeStale(u.runId(), u.taskName()))
        .filter(t -> t.attempt() == u.attempt() && t.status().isInFlight())
        .or(() -> ports.runs().task(u.runId(), u.taskName())).orElse(null);
    if (task == null || task.attempt() != u.attempt()) return; // unknown, or an older attempt: fenced
    // Only its status may be stale, and a cancel landing just after a read is a race handled by cancel itself.
    var run = ports.runs().runMaybeStale(u.runId()).or(() -> ports.runs().run(u.runId())).orElseThrow();
    var wf = snapshotOf(run);
    var ct = wf.requireTask(u.taskName());
    if (run.status() == RunStatus.CANCELLED) { // sticky: whatever the attempt reports, a cancelled run's task is cancelled
      if (!task.status().isTerminal()) {
        if (ports.runs().finishTask(u.runId(), u.taskName(), TaskTransitions.guard(TaskTrigger.CANCEL, task.status(), CANCELLED),
            task.attempt(), TaskPatch.to(CANCELLED).error("run cancelled").finishedAt(ports.clock().now())).isPresent()) {
          outcomes.limits().releaseTaskSlots(wf, ct, u.runId(), task.attempt());
        }
      }
      return;
    }
    switch (u.kind()) {
      case RUNNING -> ports.runs().transitionTask(u.runId(), u.taskName(), TaskTransitions.guard(TaskTrigger.LAUNCHED, RUNNING), u.attempt(),
          TaskPatch.to(RUNNING).executionId(u.executionId()));
      case SUCCEEDED -> succeeded(wf, ct, task, u);
      case FAILED -> {
        if (task.status().isInFlight()) {
          outcomes.failAttempt(wf, ct, task, TaskTrigger.ATTEMPT_FAILED, u.error() == null ? "task failed" : u.error(), true, false);
        } else {
          outcomes.replayIfFinished(wf, ct, u.runId(), u.attempt());
        }
      }
      case DEADLINE -> deadline(wf, ct, task, u);
    }
  }

  private void succeeded(CompiledWorkflow wf, CompiledTask ct, TaskRun task, StatusUpdate u) {
    if (DeferredHandOver.handsOver(u.output())) {
      if (task.status() == DISPATCHED || task.status() == RUNNING) deferred.handOver(wf, ct, task, u.output());
      return; // a duplicate of the hand-over while the jobs run changes nothing
    }
    if (task.status() == DISPATCHED || task.status() == RUNNING) {
      var refusal = OutputCheck.refuse(ct, u.output(), settings.maxOutputBytes());
      if (refusal.isPresent()) {
        outcomes.failAttempt(wf, ct, task, TaskTrigger.ATTEMPT_FAILED, refusal.get(), true, false);
        return;
      }
    }
    var at = u.at() != null ? u.at() : ports.clock().now();
    outcomes.finish(wf, ct, u.runId(), TaskTransitions.guard(TaskTrigger.SUCCEEDED, SUCCEEDED), u.attempt(),
        TaskPatch.to(SUCCEEDED).output(u.output()).finishedAt(at));
  }

  private void deadline(CompiledWorkflow wf, CompiledTask ct, TaskRun task, StatusUpdate u) {
    if (!task.status().isInFlight() || task.deadline() == null) return;
    var now = ports.clock().now();
    if (now.isBefore(task.deadline())) { // early (capped delay, or the deadline moved): check again later
      ports.statusQueue().sendAfter(u, Duration.between(now, task.deadline()));
      return;
    }
    boolean launched = task.status() != DISPATCHED;
    if (launched && task.executionId() != null) {
      ports.executors().forKind(ct.executor().kind()).ifPresent(x ->
          x.stop(task.runId(), ct.name(), task.attempt(), task.executionId(), "timed out"));
    }
    var error = launched
        ? "timed out" + (ct.timeout() == null ? "" : " after " + ct.timeout().toSeconds() + "s")
        : "launch did not complete within " + claimWindow(ct).toSeconds() + "s";
    outcomes.failAttempt(wf, ct, task, TaskTrigger.DEADLINE, error, true, launched);
  }

  private static Map<String, String> runFields(Run run) {
    var fields = new HashMap<String, String>();
    if (run.intervalStart() != null) fields.put("interval_start", run.intervalStart().toString());
    if (run.intervalEnd() != null) fields.put("interval_end", run.intervalEnd().toString());
    return fields;
  }

  private Map<String, JsonNode> referencedOutputs(String runId, CompiledTask ct) {
    var out = new HashMap<String, JsonNode>();
    for (var b : ct.inputs().values()) {
      if (b instanceof Binding.Ref r && !out.containsKey(r.task())) {
        ports.runs().task(runId, r.task()).map(TaskRun::output).ifPresent(o -> out.put(r.task(), o));
      }
    }
    return out;
  }
}
