package dev.ork.core.engine;

import dev.ork.core.engine.EngineException.Code;
import dev.ork.core.run.Backfill;
import dev.ork.core.run.NewRun;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.schedule.CatchUp;
import dev.ork.core.schedule.Interval;
import dev.ork.core.schedule.Schedule;
import dev.ork.core.workflow.CompiledWorkflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Backfills (docs/scheduling.md "Backfill"): one run per fire time of a workflow's schedule in
 * {@code [from, to)}, each with its slot's data interval and the slot's schedule key
 * ({@link CatchUp#runKey}), so a slot that already has a run (from the schedule, catch-up or an
 * earlier backfill) is reported rather than started again. Every run is created at once, oldest slot
 * first; those beyond {@code maxActive} wait pending and are started, oldest first, as earlier ones end
 * ({@link Limits}: the same wake-up as {@code max_active_runs}).
 */
public final class Backfills {
  /** The most fire times one backfill may cover. */
  public static final int MAX_SLOTS = 10_000;
  /** The largest {@code max_active} a backfill may ask for. */
  public static final int MAX_ACTIVE = 1_000;

  /** One fire time of a backfill, and its run (null: not created yet, after a crash mid-create). */
  public record Slot(Instant fireTime, Interval interval, String key, Run run) {
    /** True when the run was started by this backfill, not found from an earlier start. */
    public boolean ownedBy(Backfill b) {
      return run != null && b.id().equals(run.backfillId());
    }
  }

  /** What a create returned: the backfill, whether this call created it, and its slots as they now are. */
  public record Created(Backfill backfill, boolean created, List<Slot> slots) {}

  /** A backfill's state: derived from its slots' runs. */
  public record Summary(Backfill backfill, String status, Map<String, Integer> counts) {}

  private final Engine engine;
  private final EnginePorts ports;

  Backfills(Engine engine, EnginePorts ports) {
    this.engine = engine;
    this.ports = ports;
  }

  /**
   * Creates the backfill of {@code workflow} over {@code [from, to)} and starts a run for each of its
   * slots that has none, oldest first; repeating it (same workflow and range) creates nothing new.
   *
   * @param maxActive how many of its runs may run at once; null: the workflow's max_active_runs, else 1
   */
  public Created create(String workflow, Instant from, Instant to, Integer maxActive, String triggeredBy) {
    if (!from.isBefore(to)) {
      throw invalid("the range is empty: from (" + from + ") must be before to (" + to + ")");
    }
    if (maxActive != null && (maxActive < 1 || maxActive > MAX_ACTIVE)) {
      throw invalid("max active must be between 1 and " + MAX_ACTIVE + ", got " + maxActive);
    }
    var record = ports.snapshots().workflow(workflow).orElseThrow(() ->
        EngineException.notFound("workflow '" + workflow + "' is not registered"));
    var existing = ports.backfills().backfill(Backfill.idFor(workflow, from, to));
    var wf = snapshot(workflow, existing.map(Backfill::snapshotHash).orElse(record.currentSnapshotHash()));
    var fires = fireTimes(wf, from, to);
    int active = maxActive != null ? maxActive : wf.maxActiveRuns() != null ? wf.maxActiveRuns() : 1;
    var wanted = new Backfill(Backfill.idFor(workflow, from, to), workflow, wf.contentHash(), from, to, active,
        fires.size(), triggeredBy, ports.clock().now(), null);
    var stored = existing.orElseGet(() -> ports.backfills().create(wanted));
    if (!stored.cancelled()) {
      var schedule = wf.fireSchedule().orElseThrow();
      for (var fire : fires) {
        var interval = schedule.intervalEndingAt(fire);
        engine.start(new NewRun(workflow, stored.snapshotHash(), triggeredBy, CatchUp.runKey(workflow, fire), null,
            interval.start(), interval.end(), stored.id()));
      }
      stored = ports.backfills().backfill(stored.id()).orElse(stored);
      if (stored.cancelled()) cancelRuns(stored); // cancelled while its runs were being created
    }
    return new Created(stored, stored.equals(wanted), slots(stored));
  }

  /** A backfill bound given as text ({@code --from}, {@code "from"}): an ISO-8601 instant, or a clear refusal. */
  public static Instant parseBound(String name, String text) {
    try {
      return Instant.parse(text.trim());
    } catch (java.time.format.DateTimeParseException e) {
      throw invalid(name + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z (UTC, or with an offset such as"
          + " 2026-01-01T00:00:00+02:00), got '" + text + "'");
    }
  }

  public Optional<Backfill> get(String id) {
    return ports.backfills().backfill(id);
  }

  public Backfill require(String id) {
    return get(id).orElseThrow(() -> EngineException.notFound("backfill " + id + " does not exist"));
  }

  /** The workflow's backfills, newest first. */
  public List<Backfill> list(String workflow) {
    return ports.backfills().backfills(workflow);
  }

  /** The backfill's slots, oldest first, each with its run as stored now. */
  public List<Slot> slots(Backfill b) {
    var wf = snapshot(b.workflowName(), b.snapshotHash());
    var schedule = wf.fireSchedule().orElseThrow();
    var out = new ArrayList<Slot>();
    for (var fire : CatchUp.fireTimesBetween(schedule, b.from(), b.to(), MAX_SLOTS)) {
      var key = CatchUp.runKey(b.workflowName(), fire);
      out.add(new Slot(fire, schedule.intervalEndingAt(fire), key, ports.runs().runByKey(b.workflowName(), key).orElse(null)));
    }
    return out;
  }

  /**
   * How many of its slots' runs are in each status ({@code not_started}: no run yet), and its status:
   * {@code cancelled}, {@code running} while any slot is unfinished, else {@code succeeded} or {@code failed}.
   */
  public Summary summary(Backfill b, List<Slot> slots) {
    var counts = new LinkedHashMap<String, Integer>();
    for (var s : RunStatus.values()) counts.put(s.wireName(), 0);
    counts.put("not_started", 0);
    for (var s : slots) counts.merge(s.run() == null ? "not_started" : s.run().status().wireName(), 1, Integer::sum);
    boolean unfinished = slots.stream().anyMatch(s -> s.run() == null || !s.run().status().isTerminal());
    boolean allSucceeded = slots.stream().allMatch(s -> s.run() != null && s.run().status() == RunStatus.SUCCEEDED);
    var status = b.cancelled() ? "cancelled" : unfinished ? "running" : allSucceeded ? "succeeded" : "failed";
    return new Summary(b, status, counts);
  }

  /**
   * Cancels the backfill as a whole: no more of its runs start, and its unfinished runs are cancelled
   * (runs of its slots started by others are left alone). Repeatable.
   */
  public Backfill cancel(String id) {
    var b = require(id);
    ports.backfills().cancel(id, ports.clock().now());
    b = require(id);
    cancelRuns(b);
    return b;
  }

  private void cancelRuns(Backfill b) {
    for (var slot : slots(b)) {
      if (!slot.ownedBy(b) || slot.run().status().isTerminal()) continue;
      try {
        engine.control().cancel(slot.run().runId(), "backfill " + b.id() + " cancelled");
      } catch (EngineException finishedMeanwhile) {
        // it ended between the read and the cancel: nothing to stop
      }
    }
  }

  private CompiledWorkflow snapshot(String workflow, String hash) {
    return ports.snapshots().snapshot(workflow, hash).orElseThrow(() -> EngineException.notFound(
        "snapshot " + hash + " of workflow '" + workflow + "' is not stored"));
  }

  private static List<Instant> fireTimes(CompiledWorkflow wf, Instant from, Instant to) {
    Schedule schedule = wf.fireSchedule().orElseThrow(() -> invalid("workflow '" + wf.name()
        + "' has no schedule: a backfill starts one run per fire time of its `schedule:`; add one to its YAML"
        + " (or start single runs with an interval: `ork run --interval-start … --interval-end …`)"));
    List<Instant> fires;
    try {
      fires = CatchUp.fireTimesBetween(schedule, from, to, MAX_SLOTS);
    } catch (IllegalArgumentException tooMany) {
      throw invalid("a backfill covers at most " + MAX_SLOTS + " fire times: " + tooMany.getMessage());
    }
    if (fires.isEmpty()) {
      throw invalid("no fire time of schedule '" + schedule.expression() + "' falls in [" + from + ", " + to
          + "); widen the range");
    }
    return fires;
  }

  private static EngineException invalid(String message) {
    return new EngineException(Code.INVALID_INPUT, message);
  }
}
