package dev.ork.core.schedule;

import com.cronutils.model.time.ExecutionTime;
import dev.ork.core.compiler.Schedules;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A valid schedule expression with its time zone: the fire-time arithmetic every caller shares (the
 * AWS tick, catch-up, backfill, manual-run intervals). A cron is matched against the zone's
 * wall-clock time: every matching wall-clock time fires exactly once. A wall-clock time skipped by a
 * daylight-saving gap fires as much later as the gap is long (02:30 in a 02:00→03:00 gap fires at
 * 03:30); a wall-clock time that occurs twice in an overlap fires at its first occurrence. A
 * {@code rate(n unit)} counts multiples of its period from the Unix epoch and has no zone.
 */
public final class Schedule {
  /** Wider than any daylight-saving shift: around a transition, candidates this far off are compared. */
  private static final Duration MARGIN = Duration.ofHours(3);
  private static final int MAX_CANDIDATES = 10_000;

  private final String expression;
  private final ZoneId zone;
  private final Long rateSeconds;
  private final ExecutionTime cron;

  private Schedule(String expression, ZoneId zone) {
    this.expression = expression.trim();
    this.zone = zone;
    this.rateSeconds = Schedules.rateSeconds(this.expression).orElse(null);
    this.cron = rateSeconds == null ? ExecutionTime.forCron(Schedules.cron(this.expression)) : null;
  }

  /**
   * The schedule of {@code expression} in {@code timezone} (an IANA name; null means UTC). Throws
   * IllegalArgumentException when either is invalid (see {@link Schedules#problem}).
   */
  public static Schedule of(String expression, String timezone) {
    var problem = Schedules.problem(expression);
    if (problem.isPresent()) throw new IllegalArgumentException(problem.get());
    return new Schedule(expression, timezone == null ? ZoneOffset.UTC : ZoneId.of(timezone));
  }

  public String expression() {
    return expression;
  }

  /** The first fire time strictly after {@code after}; empty when it never fires again. */
  public Optional<Instant> nextAfter(Instant after) {
    if (rateSeconds != null) {
      return Optional.of(Instant.ofEpochSecond(Math.floorDiv(after.getEpochSecond(), rateSeconds) * rateSeconds + rateSeconds));
    }
    var local = LocalDateTime.ofInstant(after, zone);
    var fast = nextLocal(local).map(this::instant).filter(i -> i.isAfter(after));
    if (fast.isPresent() && !transitionBetween(after.minus(MARGIN), fast.get().plus(MARGIN))) return fast;
    if (fast.isEmpty() && !transitionBetween(after.minus(MARGIN), after.plus(MARGIN))) return fast;
    return scanAfter(after, local);
  }

  /** The last fire time strictly before {@code at}; empty when there is none. */
  public Optional<Instant> previousBefore(Instant at) {
    if (rateSeconds != null) {
      return Optional.of(Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond() - 1, rateSeconds) * rateSeconds));
    }
    var start = cron.lastExecution(LocalDateTime.ofInstant(at.minus(MARGIN), zone).atZone(ZoneOffset.UTC))
        .map(z -> instant(z.toLocalDateTime())).filter(i -> i.isBefore(at));
    if (start.isEmpty()) return Optional.empty();
    var previous = start.get();
    for (int i = 0; i < MAX_CANDIDATES; i++) {
      var next = nextAfter(previous);
      if (next.isEmpty() || !next.get().isBefore(at)) return Optional.of(previous);
      previous = next.get();
    }
    return Optional.of(previous);
  }

  /** The data interval a run fired at {@code fireTime} covers: from the previous fire time to it. */
  public Interval intervalEndingAt(Instant fireTime) {
    return new Interval(previousBefore(fireTime).orElse(fireTime), fireTime);
  }

  private Optional<Instant> scanAfter(Instant after, LocalDateTime local) {
    Instant best = null;
    var candidate = local.minus(MARGIN);
    var horizon = local.plus(MARGIN);
    for (int i = 0; i < MAX_CANDIDATES; i++) {
      var next = nextLocal(candidate);
      if (next.isEmpty()) break;
      candidate = next.get();
      var at = instant(candidate);
      if (at.isAfter(after) && (best == null || at.isBefore(best))) best = at;
      if (best != null && candidate.isAfter(horizon)) break;
    }
    return Optional.ofNullable(best);
  }

  private Optional<LocalDateTime> nextLocal(LocalDateTime after) {
    return cron.nextExecution(after.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toLocalDateTime)
        .filter(l -> l.isAfter(after));
  }

  /** Gap: later by the gap's length; overlap: the earlier offset (java.time's rule, documented above). */
  private Instant instant(LocalDateTime local) {
    return ZonedDateTime.ofLocal(local, zone, null).toInstant();
  }

  private boolean transitionBetween(Instant from, Instant to) {
    var rules = zone.getRules();
    if (rules.isFixedOffset()) return false;
    var t = rules.nextTransition(from);
    return t != null && !t.getInstant().isAfter(to);
  }
}
