package dev.ork.core.engine;

import java.time.Duration;

/**
 * Tunables of the engine.
 *
 * @param maxOutputBytes largest task output stored (DynamoDB items stop at 400 KB)
 * @param launchGrace how long a claimed attempt may take to launch before the sweep fails it
 * @param staleAfter a non-terminal run unchanged this long is reconciled by the sweep
 * @param deadlineTimers whether each launch also sends a delayed deadline message. Locally this
 *     enforces timeouts to the millisecond; on AWS it costs an SQS message per task, so the wiring
 *     turns it off and the minute tick's sweep enforces deadlines instead.
 */
public record EngineSettings(int maxOutputBytes, Duration launchGrace, Duration staleAfter, Backoff backoff,
    boolean deadlineTimers) {

  public EngineSettings(int maxOutputBytes, Duration launchGrace, Duration staleAfter, Backoff backoff) {
    this(maxOutputBytes, launchGrace, staleAfter, backoff, true);
  }

  public static EngineSettings defaults() {
    return new EngineSettings(256 * 1024, Duration.ofMinutes(15), Duration.ofMinutes(5), Backoff.standard(), true);
  }

  public EngineSettings withBackoff(Backoff value) {
    return new EngineSettings(maxOutputBytes, launchGrace, staleAfter, value, deadlineTimers);
  }

  public EngineSettings withDeadlineTimers(boolean value) {
    return new EngineSettings(maxOutputBytes, launchGrace, staleAfter, backoff, value);
  }
}
