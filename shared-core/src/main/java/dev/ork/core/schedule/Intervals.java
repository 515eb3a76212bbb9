package dev.ork.core.schedule;

import dev.ork.core.workflow.CompiledWorkflow;
import java.time.Instant;

/** The data interval of a run started by hand (docs/scheduling.md "Data intervals"). */
public final class Intervals {
  private Intervals() {}

  /**
   * The default interval of a manual run at {@code now}: for a scheduled workflow, the last complete
   * interval (from the fire time before the latest one at or before {@code now}, to that one), as the
   * schedule itself would have run it; for an unscheduled workflow the empty interval {@code [now, now]}.
   */
  public static Interval manualDefault(CompiledWorkflow wf, Instant now) {
    var schedule = wf.fireSchedule();
    if (schedule.isEmpty()) return new Interval(now, now);
    var end = schedule.get().previousBefore(now.plusNanos(1)).orElse(null);
    return end == null ? new Interval(now, now) : schedule.get().intervalEndingAt(end);
  }
}
