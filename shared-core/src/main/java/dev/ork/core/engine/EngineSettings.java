package dev.ork.core.engine;

import java.time.Duration;

/**
 * Tunables of the engine.
 *
 * @param maxOutputBytes largest task output stored (DynamoDB items stop at 400 KB)
 * @param launchGrace how long a claimed attempt may take to launch before the sweep fails it
 * @param staleAfter a non-terminal run unchanged this long is reconciled by the sweep
 */
public record EngineSettings(int maxOutputBytes, Duration launchGrace, Duration staleAfter, Backoff backoff) {

  public static EngineSettings defaults() {
    return new EngineSettings(256 * 1024, Duration.ofMinutes(15), Duration.ofMinutes(5), Backoff.standard());
  }

  public EngineSettings withBackoff(Backoff value) {
    return new EngineSettings(maxOutputBytes, launchGrace, staleAfter, value);
  }
}
