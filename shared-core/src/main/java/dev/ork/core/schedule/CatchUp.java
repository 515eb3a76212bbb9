package dev.ork.core.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which fire times a due schedule starts now (docs/scheduling.md "Catch-up"). A pure rule, shared by
 * every ticker. Without catch-up only the latest due fire time starts and the missed ones are
 * skipped; with catch-up every missed fire time starts, oldest first, at most {@code limit} per call
 * (the rest wait for the next call, as the next fire time stays at the first one not started).
 */
public final class CatchUp {
  private CatchUp() {}

  /** At most this many fire times are stepped through to find the latest due one. */
  public static final int MAX_STEPS = 100_000;

  /**
   * @param fireTimes the fire times to start now, oldest first
   * @param nextFireAt where the schedule's next fire time moves to (null: it never fires again)
   */
  public record Plan(List<Instant> fireTimes, Instant nextFireAt) {
    public Plan {
      fireTimes = List.copyOf(fireTimes);
    }
  }

  /** The plan for a schedule whose next fire time {@code nextFireAt} is at or before {@code now}. */
  public static Plan plan(Schedule schedule, Instant nextFireAt, Instant now, boolean catchup, int limit) {
    var fires = new ArrayList<Instant>();
    Instant fire = nextFireAt;
    Instant next = nextFireAt;
    for (int i = 0; i < MAX_STEPS && next != null && !next.isAfter(now); i++) {
      if (catchup && fires.size() >= limit) break;
      fire = next;
      if (catchup) fires.add(fire);
      next = schedule.nextAfter(fire).orElse(null);
    }
    if (!catchup) fires.add(fire);
    return new Plan(fires, fires.isEmpty() ? nextFireAt : next);
  }

  /** Every fire time in {@code [from, to)}, oldest first; throws when there are more than {@code max}. */
  public static List<Instant> fireTimesBetween(Schedule schedule, Instant from, Instant to, int max) {
    var out = new ArrayList<Instant>();
    var t = schedule.nextAfter(from.minusNanos(1)).orElse(null);
    while (t != null && t.isBefore(to)) {
      if (out.size() >= max) {
        throw new IllegalArgumentException("more than " + max + " fire times between " + from + " and " + to + "; use a shorter range");
      }
      out.add(t);
      t = schedule.nextAfter(t).orElse(null);
    }
    return out;
  }

  /** The idempotency key of the run for fire time {@code fire}: shared by the tick, catch-up and backfill. */
  public static String runKey(String workflow, Instant fire) {
    return "schedule:" + workflow + ":" + fire;
  }
}
