package dev.ork.core.testing;

import dev.ork.core.port.Clock;
import java.time.Duration;
import java.time.Instant;

/** A clock that moves only when told. */
public final class ManualClock implements Clock {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  @Override
  public synchronized Instant now() {
    return now;
  }

  public synchronized void advance(Duration d) {
    now = now.plus(d);
  }
}
