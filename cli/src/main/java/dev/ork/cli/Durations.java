package dev.ork.cli;

import java.time.Duration;
import java.time.Instant;

/** Short human durations: 850ms, 1.2s, 3m04s. */
public final class Durations {
  private Durations() {}

  public static String between(Instant from, Instant to) {
    if (from == null) return "";
    return format(Duration.between(from, to == null ? Instant.now() : to));
  }

  static String format(Duration d) {
    long ms = Math.max(0, d.toMillis());
    if (ms < 1000) return ms + "ms";
    if (ms < 60_000) return String.format("%.1fs", ms / 1000.0);
    return String.format("%dm%02ds", ms / 60_000, (ms / 1000) % 60);
  }
}
