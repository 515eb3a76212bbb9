package dev.ork.infra.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ork.core.engine.Engine;
import dev.ork.core.engine.EnginePorts;
import dev.ork.core.engine.EngineSettings;
import dev.ork.core.port.ExecutorRegistry;
import dev.ork.core.port.TaskExecutor;
import dev.ork.core.port.TaskLaunch;
import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.NewRun;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.run.TaskStatus;
import dev.ork.core.testing.ManualClock;
import dev.ork.core.testing.RecordingQueue;
import dev.ork.core.testing.TestWorkflows;
import dev.ork.core.workflow.CompiledWorkflow;
import dev.ork.infra.dynamodb.DynamoDbRunStore;
import dev.ork.infra.dynamodb.DynamoDbSnapshotStore;
import dev.ork.infra.dynamodb.DynamoDbStoreConfig;
import dev.ork.infra.dynamodb.Dynoxide;
import dev.ork.infra.sqs.ElasticMq;
import dev.ork.infra.sqs.MessageCodec;
import dev.ork.infra.sqs.SqsMessageQueue;
import dev.ork.infra.sqs.SqsQueues;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * The run watchdogs (RunWatchdogs) with the engine on DynamoDbRunStore and the status queue on SQS,
 * batches wrapped as Wiring.batch wraps them: on dynoxide and ElasticMQ (RunWatchdogsTest) and on moto
 * (MotoRunWatchdogsTest). A watchdog's delivery is simulated by handing its message to the engine inside
 * a batch at the due time (the clock is manual, SQS delays real: nothing here waits for one).
 */
abstract class RunWatchdogsContract {
  /** A DynamoDB client of the emulator under test. */
  protected abstract DynamoDbClient dynamoDb();

  /** An SQS client of the emulator under test, with {@code sent} on it. */
  protected abstract SqsClient sqs(ExecutionInterceptor sent);

  private final Sent sent = new Sent();
  private DynamoDbClient dynamo;
  private SqsClient sqsClient;
  private String table;

  private final ManualClock clock = new ManualClock();
  private final RecordingQueue<DispatchMessage> dispatch = new RecordingQueue<>(clock);
  private final List<String> launched = new CopyOnWriteArrayList<>();
  private DynamoDbRunStore store;
  private SqsMessageQueue<StatusUpdate> queue;
  private RunWatchdogs watchdogs;
  private Engine engine;

  @BeforeEach
  void wire() {
    dynamo = dynamoDb();
    sqsClient = sqs(sent);
    table = Dynoxide.newTable(dynamo); // a table per test: the backstop sweep reads every unfinished run
    store = new DynamoDbRunStore(dynamo, DynamoDbStoreConfig.defaults(table));
    queue = newQueue();
    wire(queue);
    sent.entries.clear();
  }

  private SqsMessageQueue<StatusUpdate> newQueue() {
    return new SqsMessageQueue<>(sqsClient, SqsQueues.create(sqsClient, ElasticMq.uniqueName("status"), 3).url(), MessageCodec.status(),
        clock, SqsMessageQueue.DEFAULT_MAX_MESSAGE_BYTES);
  }

  private void wire(SqsMessageQueue<StatusUpdate> status) {
    watchdogs = new RunWatchdogs(status, store, clock);
    TaskExecutor neverReports = new TaskExecutor() { // the task runs (or its launcher died): nothing reports
      @Override public String launch(TaskLaunch l) {
        launched.add(l.task().name());
        return "exec-" + l.task().name();
      }
      @Override public void stop(String r, String t, int a, String e, String why) { }
    };
    engine = new Engine(new EnginePorts(new DynamoDbSnapshotStore(dynamo, DynamoDbStoreConfig.defaults(table)), store, dispatch,
        watchdogs, new ExecutorRegistry(Map.of("process", neverReports)), clock, () -> UUID.randomUUID().toString()),
        EngineSettings.serverless());
  }

  /** A handler batch, as Wiring.batch: held timers become watchdogs, recorded on the run's write at the end. */
  private void batch(Runnable work) {
    store.holdingCounts(() -> watchdogs.holding(() -> queue.holdingDelayed(() -> {
      work.run();
      return null;
    })), engine.control()::counted);
  }

  private String start(CompiledWorkflow wf) {
    engine.register(wf, clock.now());
    return engine.startRun(new NewRun(wf.name(), null, "test", null, null)).runId();
  }

  /** Claims every root in one dispatcher batch (prefetching as the handler does). */
  private void dispatchAll(String runId) {
    var messages = queued();
    batch(() -> {
      store.prefetch(runId, messages.stream().map(DispatchMessage::taskName).toList());
      messages.forEach(engine::dispatch);
    });
  }

  /** The dispatch messages waiting, taken. */
  private List<DispatchMessage> queued() {
    var out = new java.util.ArrayList<DispatchMessage>();
    for (var m = dispatch.takeDue(null); m != null; m = dispatch.takeDue(null)) out.add(m);
    return out;
  }

  /** One status message in a status handler batch (its task read ahead; a watchdog names none). */
  private void deliver(StatusUpdate u) {
    batch(() -> {
      if (u.taskName() != null) store.prefetch(runId(u), List.of(u.taskName()));
      engine.onStatus(u);
    });
  }

  private static String runId(StatusUpdate u) {
    return u.runId();
  }

  private Instant recorded(String runId) {
    var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
        .key(Map.of("PK", AttributeValue.fromS("RUN#" + runId), "SK", AttributeValue.fromS("META")))).item();
    return item.containsKey("watchdogAt") ? Instant.parse(item.get("watchdogAt").s()) : null;
  }

  private static CompiledWorkflow roots(String name, int n, Duration timeout) {
    var wf = TestWorkflows.named(name + "-" + UUID.randomUUID());
    for (int i = 0; i < n; i++) wf.task("t" + i, 0, timeout);
    return wf.build();
  }

  @Test
  void aBatchOfClaims_sendsOneWatchdog_dueAtTheirDeadline_andNoPerAttemptTimer_andRecordsItOnTheRun() {
    var runId = start(roots("batch", 3, Duration.ofSeconds(60)));

    dispatchAll(runId);

    assertThat(launched).hasSize(3);
    var deadline = store.task(runId, "t0").orElseThrow().deadline();
    assertThat(sent.statusKinds()).containsExactly("WATCHDOG");
    assertThat(sent.entries).singleElement().satisfies(e -> assertThat(e.delaySeconds()).isEqualTo(60));
    assertThat(recorded(runId)).isEqualTo(deadline);
  }

  @Test
  void aLaterClaim_sendsNothing_whenTheRecordedWatchdogFiresByItsDeadline() {
    var wf = TestWorkflows.named("chain-" + UUID.randomUUID()).task("a", 0, Duration.ofSeconds(60))
        .task("b", 0, Duration.ofSeconds(60), "a").build();
    var runId = start(wf);
    dispatchAll(runId);
    sent.entries.clear();
    clock.advance(Duration.ofSeconds(10));

    deliver(StatusUpdate.succeeded(runId, "a", 1, null, clock.now())); // b is claimed inline by this batch

    assertThat(store.task(runId, "b").orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(sent.statusKinds()).isEmpty();
  }

  @Test
  void aClaim_sendsItsOwnWatchdog_whenTheRecordedOneIsDueWithinTheMargin() {
    var wf = TestWorkflows.named("margin-" + UUID.randomUUID()).task("a", 0, Duration.ofSeconds(60))
        .task("b", 0, Duration.ofSeconds(60), "a").build();
    var runId = start(wf);
    dispatchAll(runId);
    var first = recorded(runId);
    sent.entries.clear();
    clock.advance(Duration.ofSeconds(59)); // the recorded watchdog may already be on its way

    deliver(StatusUpdate.succeeded(runId, "a", 1, null, clock.now()));

    var bDeadline = store.task(runId, "b").orElseThrow().deadline();
    assertThat(sent.statusKinds()).containsExactly("WATCHDOG");
    assertThat(recorded(runId)).isEqualTo(bDeadline).isAfter(first);
  }

  @Test
  void theWatchdog_timesOutWhatNeverReported_thenEndsItsChain() {
    var runId = start(roots("fire", 2, Duration.ofSeconds(60)));
    dispatchAll(runId);
    var due = recorded(runId);
    sent.entries.clear();
    clock.advance(Duration.ofSeconds(60));

    deliver(StatusUpdate.watchdog(runId, due));

    assertThat(store.task(runId, "t0").orElseThrow().status()).isEqualTo(TaskStatus.TIMED_OUT);
    assertThat(store.task(runId, "t1").orElseThrow().status()).isEqualTo(TaskStatus.TIMED_OUT);
    assertThat(store.run(runId).orElseThrow().status().isTerminal()).isTrue();
    assertThat(sent.statusKinds()).isEmpty();
  }

  @Test
  void theWatchdog_deliveredTwice_timesOutOnce_andIsReArmedOnce() {
    var wf = TestWorkflows.named("twice-" + UUID.randomUUID()).task("a", 0, Duration.ofSeconds(60))
        .task("b", 0, Duration.ofSeconds(120)).build();
    var runId = start(wf);
    dispatchAll(runId);
    var due = recorded(runId);
    sent.entries.clear();
    clock.advance(Duration.ofSeconds(60));
    var w = StatusUpdate.watchdog(runId, due);

    deliver(w);
    deliver(w); // a duplicate delivery: the re-arm of the first covers the second's

    assertThat(store.task(runId, "a").orElseThrow().status()).isEqualTo(TaskStatus.TIMED_OUT);
    assertThat(store.task(runId, "b").orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(sent.statusKinds()).containsExactly("WATCHDOG");
    assertThat(recorded(runId)).isEqualTo(store.task(runId, "b").orElseThrow().deadline());
  }

  @Test
  void twoChainsOfOneRun_becomeOne_whenTheEarlierFindsTheLaterRecorded() {
    var wf = TestWorkflows.named("chains-" + UUID.randomUUID()).task("a", 0, Duration.ofSeconds(60))
        .task("b", 0, Duration.ofSeconds(300)).build();
    var runId = start(wf);
    dispatchAll(runId); // one watchdog, due at a's deadline (b's is further than the gathering window)
    var early = recorded(runId);
    var later = early.plus(Duration.ofSeconds(200));
    // another handler sent (and recorded) a watchdog of its own, due later
    queue.sendAllDueAt(Map.of(StatusUpdate.watchdog(runId, later), later));
    store.recordWatchdog(runId, later);
    assertThat(recorded(runId)).isEqualTo(later);
    sent.entries.clear();
    clock.advance(Duration.ofSeconds(60));

    deliver(StatusUpdate.watchdog(runId, early)); // times out a; b's deadline (300 s) is after the recorded one

    assertThat(store.task(runId, "a").orElseThrow().status()).isEqualTo(TaskStatus.TIMED_OUT);
    assertThat(sent.statusKinds()).isEmpty();
  }

  @Test
  void theRecordedWatchdog_isNotTrustedWhenItIsDueAfterTheClaimsDeadline() {
    var wf = TestWorkflows.named("long-" + UUID.randomUUID()).task("a", 0, Duration.ofSeconds(600))
        .task("b", 0, Duration.ofSeconds(30), "a").build();
    var runId = start(wf);
    dispatchAll(runId); // recorded: a's deadline, 600 s away
    sent.entries.clear();

    deliver(StatusUpdate.succeeded(runId, "a", 1, null, clock.now())); // b's deadline is 30 s away

    assertThat(sent.statusKinds()).containsExactly("WATCHDOG");
    assertThat(recorded(runId)).isEqualTo(store.task(runId, "b").orElseThrow().deadline());
  }

  @Test
  void aBatchThatThrows_stillArmsForTheClaimsItMade() {
    var runId = start(roots("throws", 1, Duration.ofSeconds(60)));
    var messages = queued();

    assertThatThrownBy(() -> batch(() -> {
      messages.forEach(engine::dispatch);
      throw new IllegalStateException("the next message failed");
    })).hasMessageContaining("next message");

    assertThat(sent.statusKinds()).containsExactly("WATCHDOG");
    assertThat(recorded(runId)).isEqualTo(store.task(runId, "t0").orElseThrow().deadline());
  }

  @Test
  void aWatchdogNotSent_isNotRecorded_andTheBackstopSweepTimesTheAttemptOut() {
    var runId = start(roots("lost", 1, Duration.ofSeconds(60)));
    var messages = queued();
    var real = queue.queueUrl();
    queue = new SqsMessageQueue<>(sqsClient, real.substring(0, real.lastIndexOf('/') + 1) + "no-such-queue-" + UUID.randomUUID(),
        MessageCodec.status(), clock, SqsMessageQueue.DEFAULT_MAX_MESSAGE_BYTES);
    wire(queue); // SQS refuses the batch's watchdog

    assertThatThrownBy(() -> batch(() -> messages.forEach(engine::dispatch))).isNotNull();

    assertThat(store.task(runId, "t0").orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(recorded(runId)).isNull();
    clock.advance(Duration.ofSeconds(61));
    wire(this.queue = newQueue());
    var sweep = engine.control().sweep(10);
    assertThat(sweep.deadlinesChecked()).isEqualTo(1);
    var deadline = sent.statusKinds();
    assertThat(deadline).contains("DEADLINE"); // the backstop's deadline message, sent at once
    engine.onStatus(StatusUpdate.deadline(runId, "t0", 1, clock.now()));
    assertThat(store.task(runId, "t0").orElseThrow().status()).isEqualTo(TaskStatus.TIMED_OUT);
  }

  @Test
  void outsideABatch_aClaimSendsItsOwnPerAttemptTimer() {
    var runId = start(roots("alone", 1, Duration.ofSeconds(60)));

    queued().forEach(engine::dispatch); // the tick or the API: no handler batch around it

    assertThat(sent.statusKinds()).containsExactly("DEADLINE");
    assertThat(recorded(runId)).isNull();
  }

  @Test
  void aWatchdogDueInHours_travelsIn900SecondHops() {
    var wf = TestWorkflows.named("hours-" + UUID.randomUUID()).task("a", 0, Duration.ofHours(2)).build();
    var runId = start(wf);
    dispatchAll(runId); // claimed DISPATCHED: due at the launch grace; the launch moves the deadline 2 h out
    sent.entries.clear();
    clock.advance(Duration.ofMinutes(15));

    deliver(StatusUpdate.watchdog(runId, clock.now()));

    assertThat(store.task(runId, "a").orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(sent.entries).singleElement().satisfies(e -> {
      assertThat(e.delaySeconds()).isEqualTo(SqsMessageQueue.MAX_DELAY_SECONDS);
      assertThat(e.body()).contains("\"notBefore\"").contains("\"kind\":\"WATCHDOG\"");
    });
    assertThat(recorded(runId)).isEqualTo(store.task(runId, "a").orElseThrow().deadline());
  }

  @Test
  void concurrentBatchesOfOneRun_leaveEveryClaimTimedOut_byTheWatchdogsTheySent_deliveredLatestFirst() throws Exception {
    var runId = start(roots("concurrent", 10, Duration.ofSeconds(60)));
    var messages = queued();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    var go = new java.util.concurrent.CountDownLatch(1);
    var handlers = List.of(messages.subList(0, 5), messages.subList(5, 10)).stream().map(half -> pool.submit(() -> {
      go.await();
      batch(() -> {
        store.prefetch(runId, half.stream().map(DispatchMessage::taskName).toList());
        half.forEach(engine::dispatch);
      });
      return null;
    })).toList();
    go.countDown();
    for (var h : handlers) h.get();
    pool.shutdown();
    assertThat(launched).hasSize(10);

    var due = new java.util.ArrayList<StatusUpdate>();
    for (int delivered = 0; delivered < 20; delivered++) { // each watchdog sent, and each it sends again, until none is left
      due.addAll(sent.watchdogs());
      sent.entries.clear();
      if (due.isEmpty()) break;
      due.sort(java.util.Comparator.comparing(StatusUpdate::at).reversed());
      var w = due.removeFirst();
      if (clock.now().isBefore(w.at())) clock.advance(Duration.between(clock.now(), w.at()));
      deliver(w);
    }

    assertThat(due).isEmpty();
    for (var m : messages) assertThat(store.task(runId, m.taskName()).orElseThrow().status()).isEqualTo(TaskStatus.TIMED_OUT);
    assertThat(store.run(runId).orElseThrow().status().isTerminal()).isTrue();
  }

  @Test
  void dueOf_gathersTheBatchsDeadlinesWithinOneSecond_andCoversOnlyByARecordedWatchdogDueInTimeAndAfterTheMargin() {
    var now = Instant.parse("2026-12-03T10:00:00Z");
    var d = now.plusSeconds(60);
    var gathered = List.of(d, d.plusMillis(400), d.plusMillis(900), d.plusSeconds(30));

    assertThat(RunWatchdogs.dueOf(null, gathered, now)).isEqualTo(d.plusMillis(900));
    assertThat(RunWatchdogs.dueOf(d, gathered, now)).isNull();
    assertThat(RunWatchdogs.dueOf(d.plusMillis(500), gathered, now)).isEqualTo(d.plusMillis(400)); // covers the later two only
    assertThat(RunWatchdogs.dueOf(now.plusMillis(999), List.of(d), now)).isEqualTo(d); // within the margin: maybe on its way
    assertThat(RunWatchdogs.covers(now.plusMillis(1001), d, now)).isTrue();
    assertThat(RunWatchdogs.covers(d.plusMillis(1), d, now)).isFalse(); // would fire after the deadline
  }

  /** What was sent on SQS, entry by entry (SendMessage and SendMessageBatch alike). */
  static final class Sent implements ExecutionInterceptor {
    record Entry(String body, int delaySeconds) {}

    final List<Entry> entries = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      switch (context.request()) {
        case SendMessageRequest r -> entries.add(new Entry(r.messageBody(), r.delaySeconds() == null ? 0 : r.delaySeconds()));
        case SendMessageBatchRequest r -> {
          for (SendMessageBatchRequestEntry e : r.entries()) {
            entries.add(new Entry(e.messageBody(), e.delaySeconds() == null ? 0 : e.delaySeconds()));
          }
        }
        default -> { }
      }
    }

    /** The watchdogs sent, decoded. */
    List<StatusUpdate> watchdogs() {
      return entries.stream().filter(e -> e.body().contains("\"kind\":\"WATCHDOG\""))
          .map(e -> MessageCodec.status().decode(e.body()).message()).toList();
    }

    /** The kinds of the status messages sent. */
    List<String> statusKinds() {
      return entries.stream().filter(e -> e.body().contains("\"type\":\"status\""))
          .map(e -> e.body().replaceAll(".*\"kind\":\"([A-Z]+)\".*", "$1")).toList();
    }
  }
}
