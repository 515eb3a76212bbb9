package dev.ork.infra.aws;

import dev.ork.core.port.Clock;
import dev.ork.core.port.MessageQueue;
import dev.ork.core.run.StatusUpdate;
import dev.ork.infra.dynamodb.DynamoDbRunStore;
import dev.ork.infra.sqs.SqsMessageQueue;
import dev.ork.infra.store.BatchHold;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The AWS wiring's deadline timers, one delayed status message per run (its <em>watchdog</em>) instead of
 * one per attempt: the status queue the engine sends to (docs/architecture.md "Deadlines and sweep").
 *
 * <p>Inside {@link #holding} (a handler batch), each delayed {@code DEADLINE} timer a claim sends, and
 * each {@code WATCHDOG} re-arm, is held by run. At the batch's end, per run: a timer due at {@code d} is
 * <em>covered</em> when the run's recorded watchdog ({@link DynamoDbRunStore#watchdogSeen}, from the
 * batch's copy of the run META) is due after {@code now + MARGIN} and no later than {@code d}: that
 * message was sent (a watchdog is recorded only after its send returned), is not delivered before its
 * due time, so it reads the run's task items after this batch's claims were written, and it fires by
 * the attempt's deadline. Covered timers are dropped. For the others one watchdog is sent, due at the
 * latest of them within {@link #GATHER} of the earliest (the batch's claims share one deadline to within
 * its duration), and then recorded on the run ({@link DynamoDbRunStore#recordWatchdog}: riding on the
 * run's write at the batch's end). When it fires, {@code Engine.onStatus} times out the run's attempts in
 * flight past their deadline and sends it again for the earliest remaining deadline, which comes back
 * here: dropped if another recorded watchdog covers it, so two chains of one run become one.
 *
 * <p>Outside {@link #holding} every message goes straight to the queue: a claim there (the tick, the
 * API) sends its own per-attempt timer, as before. What a lost watchdog leaves (a handler that dies
 * after its claims and before the batch's end, a message SQS loses) is the tick's 15-minute deadline
 * backstop's, as for a lost per-attempt timer.
 */
public final class RunWatchdogs implements MessageQueue<StatusUpdate> {
  /** A recorded watchdog covers a timer only if due at least this long after the check (clock skew, SQS). */
  public static final Duration MARGIN = Duration.ofSeconds(1);
  /** A batch's timers of one run due within this of its earliest share one watchdog, due at the latest of them. */
  public static final Duration GATHER = Duration.ofSeconds(1);

  private final SqsMessageQueue<StatusUpdate> queue;
  private final DynamoDbRunStore store;
  private final Clock clock;
  /** The held timers' due times by run, per thread; null outside {@link #holding}. */
  private final BatchHold<Map<String, List<Instant>>> held = new BatchHold<>();

  public RunWatchdogs(SqsMessageQueue<StatusUpdate> queue, DynamoDbRunStore store, Clock clock) {
    this.queue = Objects.requireNonNull(queue, "queue");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void send(StatusUpdate message) {
    queue.send(message);
  }

  @Override
  public void sendAll(List<StatusUpdate> messages) {
    queue.sendAll(messages);
  }

  @Override
  public void sendAfter(StatusUpdate message, Duration delay) {
    var timers = held.current();
    boolean timer = message.kind() == StatusUpdate.Kind.DEADLINE || message.kind() == StatusUpdate.Kind.WATCHDOG;
    if (timers == null || !timer) {
      queue.sendAfter(message, delay);
      return;
    }
    var due = delay == null || delay.isNegative() ? clock.now() : clock.now().plus(delay);
    timers.computeIfAbsent(message.runId(), k -> new ArrayList<>()).add(due);
  }

  /**
   * Runs {@code work} (a handler batch), holding the timers it sends, then arms what they need (also when
   * it throws). Call it inside {@link DynamoDbRunStore#holdingCounts} (so the records ride on the run's
   * write at the batch's end) and around {@link SqsMessageQueue#holdingDelayed}.
   */
  public <R> R holding(Supplier<R> work) {
    return held.around(LinkedHashMap::new, work, timers -> {
      if (!timers.isEmpty()) arm(timers);
    });
  }

  private void arm(Map<String, List<Instant>> timers) {
    var now = clock.now();
    var send = new LinkedHashMap<StatusUpdate, Instant>();
    var dueByRun = new LinkedHashMap<String, Instant>();
    timers.forEach((runId, deadlines) -> {
      var due = dueOf(store.watchdogSeen(runId), deadlines, now);
      if (due == null) return;
      send.put(StatusUpdate.watchdog(runId, due), due);
      dueByRun.put(runId, due);
    });
    if (send.isEmpty()) return;
    RunUsageMeter.during(null, () -> queue.sendAllDueAt(send)); // throws if not sent: then nothing is recorded
    dueByRun.forEach(store::recordWatchdog);
  }

  /**
   * When a watchdog must be sent for timers due at {@code deadlines}, given the run's recorded watchdog
   * {@code seen} (null: none) at {@code now}: null when {@code seen} covers them all; else the latest
   * uncovered deadline within {@link #GATHER} of the earliest uncovered one.
   */
  static Instant dueOf(Instant seen, List<Instant> deadlines, Instant now) {
    var uncovered = deadlines.stream().filter(d -> !covers(seen, d, now)).sorted().toList();
    if (uncovered.isEmpty()) return null;
    var last = uncovered.getFirst().plus(GATHER);
    return uncovered.stream().filter(d -> !d.isAfter(last)).reduce((a, b) -> b).orElseThrow();
  }

  /** Whether a watchdog recorded as due at {@code seen} fires after {@code now + MARGIN} and by {@code deadline}. */
  static boolean covers(Instant seen, Instant deadline, Instant now) {
    return seen != null && seen.isAfter(now.plus(MARGIN)) && !seen.isAfter(deadline);
  }
}
