package dev.ork.core.engine;

import java.time.Duration;

/**
 * Tunables of the engine.
 *
 * @param maxOutputBytes largest task output stored (DynamoDB items stop at 400 KB)
 * @param launchGrace how long a claimed attempt may take to launch before the sweep fails it; a task
 *     whose timeout is shorter gets its timeout instead, counted from the claim (so launching is part
 *     of it, and the deadline need not move when the launch is recorded)
 * @param staleAfter a non-terminal run unchanged this long is reconciled by the sweep
 * @param deadlineTimers whether each claim also sends a delayed deadline message (timeouts to the
 *     millisecond; one message per attempt, re-delayed while the deadline is further than the queue's
 *     delay cap). The AWS wiring uses them: one SQS message per attempt costs less than the deadline
 *     index entry it replaces (docs/performance.md), and the tick's slow sweep is the backstop for a
 *     lost one. The local runtime turns them off: a 10,000-task run would hold 10,000 timers, and it
 *     queries overdue attempts every 200 ms instead.
 * @param inlineDispatch whether the handler that completes a task launches its newly ready
 *     dependents itself instead of queueing a dispatch message for each: one queue hop less (on AWS:
 *     three SQS requests less per task, and lower hand-off latency), and one write less, since such a
 *     dependent is claimed straight from PENDING. If an inline launch throws before its claim, the
 *     task is queued and its dispatch message sent after all; if the handler dies, the sweep re-sends it.
 */
public record EngineSettings(int maxOutputBytes, Duration launchGrace, Duration staleAfter, Backoff backoff,
    boolean deadlineTimers, boolean inlineDispatch) {

  public EngineSettings(int maxOutputBytes, Duration launchGrace, Duration staleAfter, Backoff backoff) {
    this(maxOutputBytes, launchGrace, staleAfter, backoff, true, false);
  }

  public static EngineSettings defaults() {
    return new EngineSettings(256 * 1024, Duration.ofMinutes(15), Duration.ofMinutes(5), Backoff.standard(), true, false);
  }

  /** The AWS wiring's settings: deadlines from delayed messages, dependents launched inline. */
  public static EngineSettings serverless() {
    return defaults().withInlineDispatch(true);
  }

  public EngineSettings withBackoff(Backoff value) {
    return new EngineSettings(maxOutputBytes, launchGrace, staleAfter, value, deadlineTimers, inlineDispatch);
  }

  public EngineSettings withDeadlineTimers(boolean value) {
    return new EngineSettings(maxOutputBytes, launchGrace, staleAfter, backoff, value, inlineDispatch);
  }

  public EngineSettings withInlineDispatch(boolean value) {
    return new EngineSettings(maxOutputBytes, launchGrace, staleAfter, backoff, deadlineTimers, value);
  }

  public EngineSettings withMaxOutputBytes(int value) {
    return new EngineSettings(value, launchGrace, staleAfter, backoff, deadlineTimers, inlineDispatch);
  }
}
