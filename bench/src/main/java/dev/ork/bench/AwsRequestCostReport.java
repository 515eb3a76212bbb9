package dev.ork.bench;

import dev.ork.core.engine.Engine;
import dev.ork.core.engine.EnginePorts;
import dev.ork.core.engine.EngineSettings;
import dev.ork.core.port.Clock;
import dev.ork.core.port.ExecutorRegistry;
import dev.ork.core.port.TaskExecutor;
import dev.ork.core.port.TaskLaunch;
import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.NewRun;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.cost.ListPrices;
import dev.ork.core.cost.RunUsage;
import dev.ork.infra.aws.RequestCounter;
import dev.ork.infra.aws.RunAccounting;
import dev.ork.infra.aws.RunUsageMeter;
import dev.ork.infra.aws.RunWatchdogs;
import dev.ork.infra.dynamodb.DynamoDbRunUsage;
import dev.ork.infra.dynamodb.DynamoDbRunStore;
import dev.ork.infra.dynamodb.DynamoDbSnapshotStore;
import dev.ork.infra.dynamodb.DynamoDbStoreConfig;
import dev.ork.infra.dynamodb.DynamoDbTables;
import dev.ork.infra.dynamodb.Dynoxide;
import dev.ork.infra.sqs.MessageCodec;
import dev.ork.infra.sqs.SqsMessageQueue;
import dev.ork.infra.sqs.SqsQueues;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Requests (and their cost) per task on the AWS wiring: the engine on DynamoDbRunStore/SnapshotStore
 * (dynoxide) and SqsMessageQueue (ElasticMQ), a pump standing in for the two orchestrator Lambda
 * handlers (receive a batch of up to 10, call the engine, delete the batch) and a task executor stand-in
 * standing in for a Lambda task (counts the invoke, reports SUCCEEDED at once through the status queue).
 * Run with {@code scripts/bench AwsRequestCostReport [roots depth]} (default 10 chains x 10 deep = 100 tasks);
 * {@code ORK_RUN_COST=off} leaves cost per run out, as the handlers do with that setting.
 */
public final class AwsRequestCostReport {

  // us-east-1 list prices
  static final double DDB_PER_M_WRU = 0.625, DDB_PER_M_RRU = 0.125, SQS_PER_M = 0.40, LAMBDA_PER_M = 0.20;
  static final double SFN_PER_M_TRANSITIONS = 25.0;
  /** The orchestrator functions as template.yaml's Globals deploy them: MemorySize 1024, arm64. */
  static final double LAMBDA_GB = 1.0, LAMBDA_PER_GB_S = 0.0000133334;
  /** Stated DynamoDB/SQS request latency inside Lambda, for the GB-s estimate (the handlers' own requests). */
  static final double STATED_MS_PER_AWS_REQUEST = 5.0;

  public static void main(String[] args) throws Exception {
    int roots = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int depth = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int tasks = roots * depth;
    var counter = new RequestCounter();
    var units = new CapacityMeter();
    var usageMeter = new RunUsageMeter(); // cost per run, as the handlers record it
    var ddb = DynamoDbClient.builder().endpointOverride(Dynoxide.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.addExecutionInterceptor(counter).addExecutionInterceptor(units)
            .addExecutionInterceptor(usageMeter)).build();
    var server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().withAWSRegion("us-east-1")
        .withAWSAccountId("123456789012").start();
    int port = server.waitUntilStarted().localAddress().getPort();
    var sqs = SqsClient.builder().endpointOverride(java.net.URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.addExecutionInterceptor(counter).addExecutionInterceptor(usageMeter)).build();
    try {
      var table = "ork-bench-" + UUID.randomUUID();
      DynamoDbTables.create(ddb, table);
      var config = DynamoDbStoreConfig.defaults(table);
      var runs = new DynamoDbRunStore(ddb, config);
      var snapshots = new DynamoDbSnapshotStore(ddb, config);
      var usage = new DynamoDbRunUsage(ddb, config);
      // ORK_RUN_COST=off measures the same workload without cost per run (the before of its overhead)
      boolean costPerRun = !"off".equals(System.getenv("ORK_RUN_COST"));
      var accounting = costPerRun ? new RunAccounting(usageMeter, usage) : RunAccounting.off();
      var dq = SqsQueues.create(sqs, "ork-dispatch", 5);
      var sq = SqsQueues.create(sqs, "ork-status", 5);
      var dispatch = new SqsMessageQueue<>(sqs, dq.url(), MessageCodec.dispatch());
      var status = new SqsMessageQueue<>(sqs, sq.url(), MessageCodec.status());
      var invokes = new AtomicLong();
      TaskExecutor lambdaTask = new TaskExecutor() {
        @Override public String launch(TaskLaunch l) {
          invokes.incrementAndGet(); // the Lambda Invoke (async) of the task function
          status.send(StatusUpdate.succeeded(l.runId(), l.task().name(), l.attempt(), null, Instant.now()));
          return "req-" + l.attemptId();
        }
        @Override public void stop(String r, String t, int a, String e, String why) { }
      };
      var watchdogs = new RunWatchdogs(status, runs, Clock.system()); // as the Lambda wiring: deadline timers per run
      var engine = new Engine(new EnginePorts(snapshots, runs, dispatch, watchdogs,
          new ExecutorRegistry(Map.of("lambda", lambdaTask, "process", lambdaTask)), Clock.system(),
          () -> UUID.randomUUID().toString()), EngineSettings.serverless()); // as the Lambda wiring
      // A short timeout, so each claim's delayed deadline message arrives (and is counted) within the bench;
      // the default 300 s timeout sends the same one message per attempt, later.
      var wf = Workflows.lambdaChains("cost", roots, depth, TIMEOUT_SECONDS, Files.createTempDirectory("ork-cost"));
      snapshots.register(wf, Instant.now());
      snapshots.workflow(wf.name()); // warm nothing: the engine caches snapshots per process (counted below if re-read)
      counter.reset();
      units.reset();

      long t0 = System.nanoTime();
      var start = accounting.invocation(1, null, false); // the API call that starts the run, as ApiHandler records it
      var run = start.handle("starting", () -> engine.startRun(new NewRun(wf.name(), wf.contentHash(), "bench", null, null)));
      start.reassign("starting", run.runId());
      start.close();
      var pump = new Pump(sqs, accounting, status, watchdogs, runs, engine);
      Consumer<String> onStatus = m -> {
        var u = status.codec().decode(m).message();
        if (u.kind() == StatusUpdate.Kind.DEADLINE || u.kind() == StatusUpdate.Kind.WATCHDOG) pump.timers++;
        engine.onStatus(u);
      };
      java.util.function.Function<String, String[]> dispatchRun = m -> {
        var d = dispatch.codec().decode(m).message();
        return new String[] {d.runId(), d.taskName(), "DISPATCH"};
      };
      java.util.function.Function<String, String[]> statusRun = m -> {
        var u = status.codec().decode(m).message();
        return new String[] {u.runId(), u.taskName(), u.kind().name()}; // a watchdog names no task
      };
      while (true) {
        boolean any = pump.drain(dq.url(), dispatchRun, m -> engine.dispatch(dispatch.codec().decode(m).message()));
        any |= pump.drain(sq.url(), statusRun, onStatus);
        var now = runs.run(run.runId()).orElseThrow(); // the report's own check; subtracted below
        pump.ownGets++;
        if (now.status().isTerminal()) {
          if (now.status() != RunStatus.SUCCEEDED) throw new IllegalStateException("run ended " + now.status());
          break;
        }
        if (!any && System.nanoTime() - t0 > 120_000_000_000L) throw new IllegalStateException("stuck");
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      // The deadline timers (run watchdogs) still due arrive after the run: handle (and count) them too. The last
      // claim's deadline is at most TIMEOUT_SECONDS (+ 1 s of SQS delay rounding and 1 s of gathering) away.
      long quietUntil = System.nanoTime() + (TIMEOUT_SECONDS + 3) * 1_000_000_000L;
      while (System.nanoTime() < quietUntil) {
        if (pump.drain(sq.url(), statusRun, onStatus)) quietUntil = System.nanoTime() + (TIMEOUT_SECONDS + 3) * 1_000_000_000L;
        else Thread.sleep(200);
      }
      report(roots, depth, tasks, counter, units, pump, invokes.get(), seconds);
      if (costPerRun) reportRecorded(usage.read(run.runId()).orElseThrow(), usageMeter.seen(run.runId()), units, tasks);
      else System.out.println("cost per run off (ORK_RUN_COST=off): no usage writes");
    } finally {
      server.stopAndWait();
    }
  }

  /** Each task's timeout in the bench workflow: its deadline message arrives this long after the claim. */
  static final int TIMEOUT_SECONDS = 5;

  /**
   * Receives batches of up to 10 and deletes each handled batch with one DeleteMessageBatch; each batch
   * is one orchestrator invocation to {@link RunAccounting} holding back its deadline messages until its
   * end, as in the handlers (one usage ADD per run, after the held sends).
   */
  static final class Pump {
    final SqsClient sqs;
    final RunAccounting accounting;
    final SqsMessageQueue<StatusUpdate> timerQueue;
    final RunWatchdogs watchdogs;
    final DynamoDbRunStore runs;
    final Engine engine;
    long batches, messages, emptyReceives, ownGets, timers;
    double batchMs;

    Pump(SqsClient sqs, RunAccounting accounting, SqsMessageQueue<StatusUpdate> timerQueue, RunWatchdogs watchdogs,
        DynamoDbRunStore runs, Engine engine) {
      this.sqs = sqs;
      this.accounting = accounting;
      this.timerQueue = timerQueue;
      this.watchdogs = watchdogs;
      this.runs = runs;
      this.engine = engine;
    }

    /** {@code named}: the run, task and kind a message names (read ahead for the batch, as Wiring.prefetch). */
    boolean drain(String url, java.util.function.Function<String, String[]> named, Consumer<String> handler) {
      var got = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
      if (got.isEmpty()) {
        emptyReceives++;
        return false;
      }
      long t0 = System.nanoTime();
      batches++;
      messages += got.size();
      var entries = new ArrayList<DeleteMessageBatchRequestEntry>();
      // as Wiring.batch: the batch's watchdogs and delayed messages, then its run counts (with its usage and the
      // watchdogs' records) go out together at its end
      accounting.invocation(got.size(), (int) (LAMBDA_GB * 1024), true, invocation -> runs.holdingCounts(() ->
          watchdogs.holding(() -> timerQueue.holdingDelayed(() -> {
            var byRun = new java.util.LinkedHashMap<String, List<String>>();
            var withRun = new java.util.HashSet<String>(); // as StatusUpdateHandler: timers alone read no run ahead
            got.forEach(m -> {
              var n = named.apply(m.body());
              if (n[1] == null) return; // as Wiring.prefetch: a run's watchdog names no task, and reads its run itself
              byRun.computeIfAbsent(n[0], k -> new ArrayList<>()).add(n[1]);
              if (!"DEADLINE".equals(n[2])) withRun.add(n[0]);
            });
            byRun.forEach((run, names) -> RunUsageMeter.during(run, () -> runs.prefetch(run, names, withRun.contains(run))));
            for (Message m : got) {
              invocation.handle(named.apply(m.body())[0], () -> handler.accept(m.body()));
              entries.add(DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build());
            }
            return null;
          })), engine.control()::counted, dev.ork.infra.aws.RunUsageMeter::during, invocation.ride()));
      sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(entries));
      batchMs += (System.nanoTime() - t0) / 1e6;
      return true;
    }
  }

  /** What the run recorded about itself (GET /runs/{id} "cost"), against what the meter saw for it. */
  private static void reportRecorded(RunUsage recorded, RunUsage seen, CapacityMeter units, int n) {
    System.out.println("-".repeat(96));
    System.out.printf("recorded on the run (cost per run, docs/operations.md): %.2f WRU, %.2f RRU, %.2f SQS requests, "
        + "%.2f invocations, %.2f GB-s (GB-s from emulator timings)%n", recorded.wru(), recorded.rru(), recorded.sqsRequests(),
        recorded.invocations(), recorded.gbSeconds());
    System.out.printf("   per task: %.2f WRU, %.2f RRU, %.2f SQS requests; the run meter saw %.2f WRU for the run (diff %.3f),"
        + " the table reported %.2f WRU in all%n", recorded.wru() / n, recorded.rru() / n, recorded.sqsRequests() / n, seen.wru(),
        seen.wru() - recorded.wru(), units.tableWrite.sum() + units.gsiWrite.sum());
    var noDuration = new RunUsage(recorded.wru(), recorded.rru(), recorded.sqsRequests(), recorded.invocations(), 0);
    var e = ListPrices.forRegion("us-east-1").orElseThrow().estimate(noDuration, ListPrices.Architecture.ARM64);
    System.out.printf("   estimated without GB-s at %s: $%.6f for the run%n", e.prices(), e.totalUsd());
  }

  private static void report(int roots, int depth, int n, RequestCounter c, CapacityMeter units, Pump pump, long invokes,
      double seconds) {
    var counts = new java.util.TreeMap<>(c.snapshot());
    // the report's own polling of the run (GetItem) is not engine work
    counts.computeIfPresent("DynamoDb.GetItem", (k, v) -> v - pump.ownGets);
    System.out.printf("Ork AwsRequestCostReport  %s  cores=%d  dynoxide + ElasticMQ (embedded)%n", LocalDateTime.now().withNano(0),
        Runtime.getRuntime().availableProcessors());
    System.out.printf("workflow: %d independent chains x %d deep = %d Lambda tasks (run by a Lambda Invoke stand-in); wall %.2f s%n",
        roots, depth, n, seconds);
    System.out.println("counted from startRun until the run SUCCEEDED and its deadline messages were handled; one-off table/queue");
    System.out.println("creation and snapshot registration excluded;");
    System.out.printf("the report's own %d GetItem polls of the run are subtracted. Every request counted by RequestCounter.%n", pump.ownGets);
    String hr = "-".repeat(96);
    System.out.println(hr);
    System.out.printf("%-32s %10s %10s%n", "request", "total", "per task");
    long ddbReqs = 0, sqsReqs = 0;
    for (var e : counts.entrySet()) {
      System.out.printf("%-32s %10d %10.2f%n", e.getKey(), e.getValue(), e.getValue() / (double) n);
      if (e.getKey().startsWith("DynamoDb.")) ddbReqs += e.getValue();
      if (e.getKey().startsWith("Sqs.")) sqsReqs += e.getValue();
    }
    System.out.println(hr);
    long sqsNonEmpty = sqsReqs - pump.emptyReceives;
    double tableWru = units.tableWrite.sum() / n, gsiWru = units.gsiWrite.sum() / n, wru = tableWru + gsiWru;
    double rru = (units.read.sum() - pump.ownGets) / n; // each own poll: a consistent GetItem of the run, 1 RRU
    double sqsPer = sqsReqs / (double) n;
    double sqsNonEmptyPer = sqsNonEmpty / (double) n;
    long orchestrator = pump.batches;
    double lambdaPer = (orchestrator + invokes) / (double) n;
    System.out.printf("DynamoDB requests/task %.2f; write units as the table reports them (ReturnConsumedCapacity=INDEXES):%n",
        ddbReqs / (double) n);
    System.out.printf("   base table %.2f WRU/task  %s; GSIs %.2f WRU/task; total %.2f WRU/task%n", tableWru,
        tableWru <= 3 ? "target <=3 met" : String.format("target <=3 MISSED by %.2f (x%.1f)", tableWru - 3, tableWru / 3), gsiWru, wru);
    System.out.printf("   write units by operation: %s (%.0f of them estimated for refused writes, 1 per item)%n",
        units.writeByOp(), units.estimatedWrite.sum());
    System.out.println("   write units per task, by write (base table + GSI):");
    for (var kind : new java.util.TreeSet<>(units.tableByKind.keySet())) {
      double t = units.tableByKind.get(kind).sum() / n;
      var g = units.gsiByKind.get(kind);
      double gi = g == null ? 0 : g.sum() / n;
      System.out.printf("      %-40s %5.2f + %4.2f = %5.2f%n", kind, t, gi, t + gi);
    }
    System.out.printf("   read units: %.2f RRU/task (strongly consistent 1 per 4 KB, eventually consistent half)%n", rru);
    System.out.printf("SQS requests/task %.2f (incl. %d empty receives of this pump); %.2f without empty receives  %s%n", sqsPer,
        pump.emptyReceives, sqsNonEmptyPer, sqsNonEmptyPer <= 1.5 ? "target <=1.5 met"
            : String.format("target <=1.5 MISSED by %.2f (x%.1f)", sqsNonEmptyPer - 1.5, sqsNonEmptyPer / 1.5));
    System.out.printf("   %d messages handled in %d non-empty batches (%.1f per batch), %d of them deadline timers (run watchdogs)%n",
        pump.messages, pump.batches, pump.messages / (double) pump.batches, pump.timers);
    System.out.printf("Lambda invocations/task %.2f = orchestrator batches %d + task invokes %d, over %d tasks%n", lambdaPer,
        orchestrator, invokes, n);
    double measuredMs = pump.batchMs / pump.batches;
    // Billed duration is the handlers' own requests: not the event source's receives and deletes, nor the
    // Lambda destination's status message (the stand-in's SendMessage, one per invoke).
    long handlerSqs = sqsReqs - counts.getOrDefault("Sqs.ReceiveMessage", 0L) - counts.getOrDefault("Sqs.DeleteMessageBatch", 0L)
        - invokes;
    double awsReqsPerBatch = (ddbReqs + handlerSqs) / (double) pump.batches;
    double statedMs = awsReqsPerBatch * STATED_MS_PER_AWS_REQUEST;
    System.out.printf("   ms per orchestrator batch: measured %.1f ms against local emulators; stated for AWS: %.1f handler"
        + " requests/batch (DynamoDB + its own sends) x %.0f ms = %.0f ms%n", measuredMs, awsReqsPerBatch,
        STATED_MS_PER_AWS_REQUEST, statedMs);
    System.out.println(hr);
    System.out.println("cost per million tasks (us-east-1 list prices):");
    double ddbW = wru * DDB_PER_M_WRU, ddbR = rru * DDB_PER_M_RRU, sq = sqsNonEmptyPer * SQS_PER_M;
    double lReq = lambdaPer * LAMBDA_PER_M;
    double gbs = orchestrator / (double) n * 1e6 * (statedMs / 1000.0) * LAMBDA_GB;
    double lGbs = gbs * LAMBDA_PER_GB_S;
    System.out.printf("  DynamoDB writes   %.2f WRU/task (table %.2f + GSI %.2f) x $%.3f      = $%.3f%n", wru, tableWru, gsiWru,
        DDB_PER_M_WRU, ddbW);
    System.out.printf("  DynamoDB reads    %.2f RRU/task x $%.3f                         = $%.3f%n", rru, DDB_PER_M_RRU, ddbR);
    System.out.printf("  SQS               %.2f req/task x $%.2f (non-empty receives)       = $%.3f%n", sqsNonEmptyPer, SQS_PER_M, sq);
    System.out.printf("  Lambda requests   %.2f inv/task x $%.2f                           = $%.3f%n", lambdaPer, LAMBDA_PER_M, lReq);
    System.out.printf("  Lambda GB-s       %.3f batches/task x 1e6 x %.3f s x %.1f GB = %.0f GB-s x $%.10f = $%.3f%n",
        orchestrator / (double) n, statedMs / 1000.0, LAMBDA_GB, gbs, LAMBDA_PER_GB_S, lGbs);
    double total = ddbW + ddbR + sq + lReq + lGbs;
    System.out.printf("  total                                                          = $%.2f per million tasks  %s%n", total,
        total <= 2.50 ? "target <=$2.50 met" : String.format("target <=$2.50 MISSED by $%.2f (x%.1f)", total - 2.50, total / 2.50));
    System.out.printf("  (without the GSI writes, as earlier reports counted: $%.2f per million tasks)%n",
        total - gsiWru * DDB_PER_M_WRU);
    System.out.println("  (excludes the task functions' own Lambda GB-s; includes the deadline timers: each run's delayed watchdog messages)");
    System.out.printf("  Step Functions Standard, for comparison: >=1 state transition per task x $%.0f per million = $%.2f per million tasks%n",
        SFN_PER_M_TRANSITIONS, SFN_PER_M_TRANSITIONS);
  }
}
