package dev.ork.functions;

import dev.ork.core.compiler.Schedules;
import dev.ork.core.engine.Engine;
import dev.ork.core.engine.EngineException;
import dev.ork.core.port.Clock;
import dev.ork.core.port.SnapshotStore;
import dev.ork.core.port.WorkflowRecord;
import dev.ork.core.run.NewRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fires due schedules, each due time exactly once even when ticks overlap or repeat (see
 * docs/scheduling.md):
 * <ol>
 *   <li>an enabled schedule with no next fire time is armed with the first one after now;</li>
 *   <li>a due schedule fires once, for its <em>latest</em> missed fire time (missed earlier ones are
 *       skipped), with idempotency key {@code schedule:<workflow>:<fire time>}: a repeated or
 *       overlapping tick starts no second run;</li>
 *   <li>then its next fire time moves past now with a conditional write from the value read, so of
 *       racing ticks exactly one advances it.</li>
 * </ol>
 * The run is started before the advance: a crash in between repeats the start on the next tick, and
 * the idempotency key collapses it; the opposite order could lose a fire.
 */
final class ScheduleFiring {
  /** At most this many fire times are stepped through to find the latest missed one. */
  static final int MAX_CATCH_UP_STEPS = 100_000;

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
      try {
        if (wf.nextFireAt() == null) {
          var first = Schedules.nextAfter(wf.schedule(), now).orElse(null);
          if (first != null && snapshots.advanceSchedule(wf.name(), null, first)) armed++;
          continue;
        }
        if (wf.nextFireAt().isAfter(now)) continue;
        var fire = latestDue(wf, now);
        var following = Schedules.nextAfter(wf.schedule(), fire).orElse(null);
        var f = start(wf, fire);
        if (f != null) fired.add(f);
        snapshots.advanceSchedule(wf.name(), wf.nextFireAt(), following);
      } catch (IllegalArgumentException badExpression) {
        skipped++;
        JsonLog.line("SchedulerTickHandler", "schedule").with("workflow", wf.name()).level("ERROR")
            .with("error", badExpression.getMessage()).outcome("skipped");
      }
    }
    return new Report(fired, armed, skipped);
  }

  private static Instant latestDue(WorkflowRecord wf, Instant now) {
    var fire = wf.nextFireAt();
    for (int i = 0; i < MAX_CATCH_UP_STEPS; i++) {
      var next = Schedules.nextAfter(wf.schedule(), fire).orElse(null);
      if (next == null || next.isAfter(now)) return fire;
      fire = next;
    }
    return fire;
  }

  private Fired start(WorkflowRecord wf, Instant fire) {
    var key = "schedule:" + wf.name() + ":" + fire;
    try {
      var started = engine.start(new NewRun(wf.name(), null, "schedule", key, null));
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
