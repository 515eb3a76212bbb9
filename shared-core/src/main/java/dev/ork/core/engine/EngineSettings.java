package dev.ork.core.engine;

import java.time.Duration;

/**
 * Tunables of the engine.
 *
 * @param maxOutputBytes largest task output stored inline (DynamoDB items stop at 400 KB); a larger one
 *     is stored out of line in the wiring's payload store (the claim check, {@link Payloads})
 * @param launchGrace how long a claimed attempt may take to launch before the sweep fails it; a task
 *     whose timeout is shorter gets its timeout instead, counted from the claim (so launching is part
 *     of it, and the deadline need not move when the launch is recorded)
 * @param staleAfter a non-terminal run unchanged this long is reconciled by the sweep
 * @param deadlineTimers whether each claim also sends a delayed deadline message (one per attempt,
 *     re-delayed while the deadline is further than the queue's delay cap). The AWS wiring uses them,
 *     through a status queue that turns a handler batch's timers into at most one watchdog per run
 *     ({@code dev.ork.infra.aws.RunWatchdogs}; a {@code WATCHDOG} message checks all of the run's
 *     attempts in flight, {@link Engine#onStatus}), and the tick's slow sweep is the backstop for a
 *     lost one. The local runtime turns them off: a 10,000-task run would hold 10,000 timers, and it
 *     queries overdue attempts every 200 ms instead.
 * @param inlineDispatch whether the handler that completes a task launches its newly ready
 *     dependents itself instead of queueing a dispatch message for each: one queue hop less (on AWS:
 *     three SQS requests less per task, and lower hand-off latency), and one write less, since such a
 *     dependent is claimed straight from PENDING. If an inline launch throws before its claim, the
 *     task is queued and its dispatch message sent after all; if the handler dies, the sweep re-sends it.
 * @param maxPayloadBytes largest task output at all (stored out of line past {@code maxOutputBytes});
 *     without a payload store the inline limit is the limit
 * @param runningAtClaim executor kinds whose launch is a hand-off that cannot be stopped and always
 *     reports (Lambda's asynchronous invoke: accepted at once, its outcome comes from its destination):
 *     for a task of such a kind whose timeout runs from the claim, the claim itself records the
 *     attempt RUNNING (fenced on the attempt like any claim), and no second write records the launch.
 *     A handler that dies between that claim and the invoke leaves a RUNNING attempt that never
 *     reports: its timeout fails it, as for a launch that hung.
 */
public record EngineSettings(int maxOutputBytes, Duration launchGrace, Duration staleAfter, Backoff backoff,
    boolean deadlineTimers, boolean inlineDispatch, int maxPayloadBytes, java.util.Set<String> runningAtClaim) {

  public EngineSettings {
    runningAtClaim = java.util.Set.copyOf(runningAtClaim);
  }

  /** 64 MiB: the largest output a task may produce. */
  public static final int MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

  public EngineSettings(int maxOutputBytes, Duration launchGrace, Duration staleAfter, Backoff backoff) {
    this(maxOutputBytes, launchGrace, staleAfter, backoff, true, false, MAX_PAYLOAD_BYTES, java.util.Set.of());
  }

  public static EngineSettings defaults() {
    return new EngineSettings(256 * 1024, Duration.ofMinutes(15), Duration.ofMinutes(5), Backoff.standard(), true, false,
        MAX_PAYLOAD_BYTES, java.util.Set.of());
  }

  /**
   * The AWS wiring's settings: deadlines from delayed messages, dependents launched inline, Lambda
   * tasks recorded RUNNING by their claim.
   */
  public static EngineSettings serverless() {
    return defaults().withInlineDispatch(true).withRunningAtClaim(java.util.Set.of("lambda"));
  }

  public EngineSettings withRunningAtClaim(java.util.Set<String> kinds) {
    return new EngineSettings(maxOutputBytes, launchGrace, staleAfter, backoff, deadlineTimers, inlineDispatch, maxPayloadBytes,
        kinds);
  }

  public EngineSettings withBackoff(Backoff value) {
    return new EngineSettings(maxOutputBytes, launchGrace, staleAfter, value, deadlineTimers, inlineDispatch, maxPayloadBytes, runningAtClaim);
  }

  public EngineSettings withDeadlineTimers(boolean value) {
    return new EngineSettings(maxOutputBytes, launchGrace, staleAfter, backoff, value, inlineDispatch, maxPayloadBytes, runningAtClaim);
  }

  public EngineSettings withInlineDispatch(boolean value) {
    return new EngineSettings(maxOutputBytes, launchGrace, staleAfter, backoff, deadlineTimers, value, maxPayloadBytes, runningAtClaim);
  }

  public EngineSettings withMaxOutputBytes(int value) {
    return new EngineSettings(value, launchGrace, staleAfter, backoff, deadlineTimers, inlineDispatch, maxPayloadBytes, runningAtClaim);
  }

  public EngineSettings withMaxPayloadBytes(int value) {
    return new EngineSettings(maxOutputBytes, launchGrace, staleAfter, backoff, deadlineTimers, inlineDispatch, value, runningAtClaim);
  }

}
