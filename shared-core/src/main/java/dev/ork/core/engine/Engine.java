package dev.ork.core.engine;

import static dev.ork.core.run.TaskStatus.*;

import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.NewRun;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.run.TaskRun;
import dev.ork.core.schedule.Interval;
import dev.ork.core.schedule.Intervals;
import dev.ork.core.workflow.CompiledWorkflow;
import java.time.Instant;
import java.util.List;

/**
 * The orchestration engine: starts runs, claims and launches attempts, applies what executors
 * report. Each entry point reads what its event touches, asks {@link Decide} / {@link DecideRun}
 * (pure) what to do, and hands the decisions to the {@link Applier}. It holds no state of its own;
 * every handler is idempotent, so queues may deliver twice and out of order. Run control (cancel,
 * pause, resume, sweeps) lives in {@link RunControl}.
 */
public final class Engine {
  private final EnginePorts ports;
  private final EngineSettings settings;
  private final Snapshots snapshots;
  private final Applier applier;
  private final RunControl control;
  private final Backfills backfills;

  public Engine(EnginePorts ports, EngineSettings settings) {
    this.ports = ports;
    // without a payload store nothing is stored out of line: the inline limit is the limit
    settings = ports.payloads().supported() ? settings : settings.withMaxPayloadBytes(settings.maxOutputBytes());
    this.settings = settings;
    this.snapshots = new Snapshots(ports.snapshots());
    this.applier = new Applier(ports, settings, snapshots);
    this.control = new RunControl(ports, settings, snapshots, applier);
    applier.limits().onRunWoken(control::activate);
    this.backfills = new Backfills(this, ports);
  }

  /** Backfills: create, read and cancel them (docs/scheduling.md "Backfill"). */
  public Backfills backfills() {
    return backfills;
  }

  public RunControl control() {
    return control;
  }

  /** The pool slots this engine's limits take (what `ork pool` and PUT /pools/{name} set). */
  public dev.ork.core.port.SlotStore slots() {
    return ports.slots();
  }

  /** Why a queued task waits (a full pool, max_active_tasks), or null: what `ork status` and the API show. */
  public String waitingReason(Run run, TaskRun task) {
    return applier.limits().waitingReason(snapshotOf(run), task);
  }

  /** Where outputs over the inline limit are stored (the API's fetch links read it). */
  public dev.ork.core.port.PayloadStore payloads() {
    return ports.payloads();
  }

  /** The stored output with every out-of-line reference in it replaced by its value. */
  public com.fasterxml.jackson.databind.JsonNode resolveOutput(com.fasterxml.jackson.databind.JsonNode stored) {
    return applier.payloads().resolve(stored);
  }

  /** Registers {@code workflow} in the snapshot store and keeps it, so its runs need not read it back. */
  public void register(CompiledWorkflow workflow, java.time.Instant at) {
    ports.snapshots().register(workflow, at);
    snapshots.remember(workflow);
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
        interval.start(), interval.end(), request.backfillId());
    var tasks = wf.tasks().stream().map(t -> TaskRun.pending(run.runId(), t.name(), t.maxAttempts())).toList();
    var stored = ports.runs().createRun(run, tasks);
    boolean created = stored.runId().equals(run.runId());
    // Only the creating call activates: a repeat may race its creator, and locally the messages it would
    // send go to its own process, which does not run that run. A run left pending is the sweep's.
    if (created) control.activate(stored.runId());
    return new Started(ports.runs().run(stored.runId()).orElse(stored), created);
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

  /** Claims the attempt (QUEUED or RETRY_WAIT → DISPATCHED), binds its inputs and launches it. */
  public void dispatch(DispatchMessage m) {
    var run = ports.runs().runMaybeStale(m.runId()).filter(r -> r.status() == RunStatus.RUNNING)
        .or(() -> ports.runs().run(m.runId())).orElse(null); // a stale copy may not show it running yet
    if (run == null || run.status() != RunStatus.RUNNING) return; // paused: resume re-sends
    var task = ports.runs().taskMaybeStale(m.runId(), m.taskName()).filter(t -> (t.attempt() == m.attempt()
        && (t.status() == QUEUED || t.status() == RETRY_WAIT)) || sentPending(t, m))
        .or(() -> ports.runs().task(m.runId(), m.taskName())).orElse(null);
    if (task == null) return;
    var wf = snapshotOf(run);
    var ct = wf.requireTask(m.taskName());
    var now = ports.clock().now();
    if (sentPending(task, m)) { // a root its activation sent without queueing it (DecideRun.queueRoots)
      if (DecideRun.sentPending(wf, ct, settings)) applier.apply(List.of(Decide.inlineClaim(run, ct, settings, now)));
      return;
    }
    if (task.attempt() != m.attempt()) return;
    if (Decide.due(task, now) && Limits.limited(wf, ct) && !applier.limits().takeTaskSlots(wf, ct, task)) {
      return; // a pool is full: it waits, queued, until a release wakes it (oldest first)
    }
    applier.apply(Decide.claim(run, task, m, ct, settings, now));
  }

  /**
   * Handles {@code messages} (dispatch or status, as {@code handler} does) with their store writes in one
   * transaction where the store has them, and what they launch after it commits (Applier#inOneTransaction):
   * a local worker that drained several messages makes one commit for them, not one each.
   */
  public <T> void handleTogether(List<T> messages, java.util.function.Consumer<T> handler) {
    applier.inOneTransaction(() -> messages.forEach(handler));
  }

  /** Applies an executor's report (or a deadline timer) to the attempt it names, and nothing else. */
  public void onStatus(StatusUpdate u) {
    if (u.kind() == StatusUpdate.Kind.WATCHDOG) {
      watch(u.runId());
      return;
    }
    // A possibly stale copy is trusted only when it shows the attempt in flight: every write that
    // follows is fenced on that, and anything else is decided on a consistent read. A deadline timer
    // (one per attempt; it may stop an execution before its write) trusts a stale copy only to drop
    // itself: an attempt seen over (terminal, or a later attempt) never becomes in flight again.
    boolean timer = u.kind() == StatusUpdate.Kind.DEADLINE;
    var stale = ports.runs().taskMaybeStale(u.runId(), u.taskName());
    if (timer && stale.filter(t -> attemptOver(t, u.attempt())).isPresent()) return;
    var task = stale.filter(t -> !timer && t.attempt() == u.attempt() && t.status().isInFlight())
        .or(() -> ports.runs().task(u.runId(), u.taskName())).orElse(null);
    if (task == null || task.attempt() != u.attempt()) return; // unknown, or an older attempt: fenced
    if (timer && !task.status().isInFlight()) return; // it reported first: the usual end of a timer
    // Only its status may be stale, and a cancel landing just after a read is a race handled by cancel itself.
    var run = ports.runs().runMaybeStale(u.runId()).or(() -> ports.runs().run(u.runId())).orElseThrow();
    var wf = snapshotOf(run);
    var ct = wf.requireTask(u.taskName());
    var update = task.status().isInFlight() ? applier.payloads().resolveReported(u) : u; // a producer's reference: checked as a value
    var decisions = Decide.onStatus(wf, run, task, ct, update, settings, ports.deferrals(), ports.clock().now());
    applier.inOneTransaction(() -> applier.apply(decisions));
  }

  /**
   * A run's watchdog fired (the AWS wiring's deadline timers: one delayed message per run, not per
   * attempt, docs/architecture.md "Deadlines and sweep"): reads the run and its task items
   * consistently, so it sees every claim written before it; an attempt in flight past its deadline is
   * timed out as its own deadline timer would (the same fenced writes, {@link #onStatus}); if attempts
   * remain in flight with a later deadline, the watchdog is sent again for the earliest of them. A run
   * that ended, or has nothing in flight, ends the chain: the next claim arms a new one. Repeating it
   * (a duplicate delivery, two chains of one run) changes nothing a single call did not.
   */
  private void watch(String runId) {
    var run = ports.runs().run(runId).orElse(null); // consistent: a stale copy of a run since rerun would end the chain
    if (run == null || run.status().isTerminal()) return; // a run ends with every task terminal: nothing in flight
    var now = ports.clock().now();
    Instant next = null;
    for (var t : ports.runs().tasks(runId)) {
      if (!t.status().isInFlight() || t.deadline() == null) continue;
      if (!now.isBefore(t.deadline())) {
        onStatus(StatusUpdate.deadline(runId, t.taskName(), t.attempt(), now));
      } else if (next == null || t.deadline().isBefore(next)) {
        next = t.deadline();
      }
    }
    if (next != null) ports.statusQueue().sendAfter(StatusUpdate.watchdog(runId, next), java.time.Duration.between(now, next));
  }

  /** A task still pending at attempt 0 and a message for attempt 1: a root sent straight from its run's activation. */
  private static boolean sentPending(TaskRun t, DispatchMessage m) {
    return t.status() == PENDING && t.attempt() == 0 && m.attempt() == 1;
  }

  private static boolean attemptOver(TaskRun t, int attempt) {
    return t.attempt() > attempt || (t.attempt() == attempt && t.status().isTerminal());
  }
}
