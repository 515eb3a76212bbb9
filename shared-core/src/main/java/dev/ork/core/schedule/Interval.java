package dev.ork.core.schedule;

import java.time.Instant;

/** The span of data a run is for: {@code [start, end)}, in UTC. */
public record Interval(Instant start, Instant end) {
  public Interval {
    if (start.isAfter(end)) throw new IllegalArgumentException("interval start " + start + " is after its end " + end);
  }
}
