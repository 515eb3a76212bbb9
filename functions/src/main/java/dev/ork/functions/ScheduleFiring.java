package dev.ork.functions;

import dev.ork.core.engine.Engine;
import dev.ork.core.engine.EngineException;
import dev.ork.core.port.Clock;
import dev.ork.core.port.SnapshotStore;
import dev.ork.core.port.WorkflowRecord;
import dev.ork.core.run.NewRun;
import dev.ork.core.schedule.CatchUp;
import dev.ork.core.schedule.Schedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fires due schedules, each due time exactly once even when ticks overlap or repeat (see
 * docs/scheduling.md):
 * <ol>
 *   <li>an enabled schedule with no next fire time is armed with the first one after now;</li>
 *   <li>a due schedule starts the fire times {@link CatchUp#plan} picks (the latest missed one, or
 *       with {@code catchup: true} every missed one, oldest first), each with idempotency key
 *       {@code schedule:<workflow>:<fire time>} and its data interval: a repeated or overlapping tick
 *       starts no second run;</li>
 *   <li>then its next fire time moves on with a conditional write from the value read, so of racing
 *       ticks exactly one advances it.</li>
 * </ol>
 * The runs are started before the advance: a crash in between repeats the starts on the next tick,
 * and the idempotency keys collapse them; the opposite order could lose a fire.
 */
final class ScheduleFiring {
  /** With catch-up, at most this many missed fire times start per tick; the rest start on the next ticks. */
  static final int MAX_CATCH_UP_PER_TICK = 100;

  record Fired(String workflow, Instant fireTime, String runId, boolean newRun) {}

  record Report(List<Fired> fired, int armed, int skipped) {}

  private final SnapshotStore snapshots;
  private final Engine engine;
  private final Clock clock;

  ScheduleFiring(SnapshotStore snapshots, Engine engine, Clock clock) {
    this.snapshots = snapshots;
    this.engine = engine;
    this.clock = clock;
  }

  Report fireDue() {
    var now = clock.now();
    var fired = new ArrayList<Fired>();
    int armed = 0, skipped = 0;
    for (var wf : snapshots.workflows()) {
      if (!wf.scheduleEnabled() || wf.schedule() == null) continue;
      if (wf.nextFireAt() != null && wf.nextFireAt().isAfter(now)) continue;
      try {
        var snapshot = snapshots.snapshot(wf.name(), wf.currentSnapshotHash()).orElse(null);
        var schedule = snapshot != null && snapshot.schedule() != null ? snapshot.fireSchedule().orElseThrow()
            : Schedule.of(wf.schedule(), null);
        if (wf.nextFireAt() == null) {
          var first = schedule.nextAfter(now).orElse(null);
          if (first != null && snapshots.advanceSchedule(wf.name(), null, first)) armed++;
          continue;
        }
        boolean catchup = snapshot != null && snapshot.catchup();
        var plan = CatchUp.plan(schedule, wf.nextFireAt(), now, catchup, MAX_CATCH_UP_PER_TICK);
        for (var fire : plan.fireTimes()) {
          var f = start(wf, schedule, fire);
          if (f != null) fired.add(f);
        }
        snapshots.advanceSchedule(wf.name(), wf.nextFireAt(), plan.nextFireAt());
      } catch (IllegalArgumentException badExpression) {
        skipped++;
        JsonLog.line("SchedulerTickHandler", "schedule").with("workflow", wf.name()).level("ERROR")
            .with("error", badExpression.getMessage()).outcome("skipped");
      }
    }
    return new Report(fired, armed, skipped);
  }

  private Fired start(WorkflowRecord wf, Schedule schedule, Instant fire) {
    var key = CatchUp.runKey(wf.name(), fire);
    var interval = schedule.intervalEndingAt(fire);
    try {
      var started = engine.start(new NewRun(wf.name(), null, "schedule", key, null, interval.start(), interval.end()));
      var run = started.run();
      boolean isNew = started.created();
      JsonLog.line("SchedulerTickHandler", "schedule").run(run.runId(), null, 0).with("workflow", wf.name())
          .with("fireTime", fire.toString()).outcome(isNew ? "fired" : "already fired");
      return new Fired(wf.name(), fire, run.runId(), isNew);
    } catch (EngineException e) { // permanent for this fire time: advance past it rather than retry forever
      JsonLog.line("SchedulerTickHandler", "schedule").with("workflow", wf.name()).with("fireTime", fire.toString())
          .level("ERROR").with("error", e.getMessage()).outcome("not started");
      return null;
    }
  }
}
