package dev.ork.core.port;

import java.time.Instant;

/** The only source of time the engine sees. */
@FunctionalInterface
public interface Clock {
  Instant now();

  static Clock system() {
    return Instant::now;
  }
}
