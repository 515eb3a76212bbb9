package dev.ork.functions;

import dev.ork.core.engine.Triggerer;
import dev.ork.core.port.Deferrals;
import dev.ork.infra.dynamodb.DynamoDbDeferredJobStore;
import dev.ork.infra.trackers.CustomHttpTracker;
import dev.ork.infra.trackers.JobTrackers;

import static dev.ork.functions.OrkEnvironment.*;

import dev.ork.core.compiler.WorkflowCompiler;
import dev.ork.core.engine.Engine;
import dev.ork.core.engine.EnginePorts;
import dev.ork.core.engine.EngineSettings;
import dev.ork.core.port.Clock;
import dev.ork.core.port.ExecutorRegistry;
import dev.ork.core.port.RunStore;
import dev.ork.core.port.SnapshotStore;
import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.cost.ListPrices;
import dev.ork.infra.aws.RunAccounting;
import dev.ork.infra.aws.RunUsageMeter;
import dev.ork.infra.dynamodb.DynamoDbRunStore;
import dev.ork.infra.dynamodb.DynamoDbRunUsage;
import dev.ork.infra.dynamodb.DynamoDbSnapshotStore;
import dev.ork.infra.dynamodb.DynamoDbStoreConfig;
import dev.ork.infra.ecs.CloudWatchLogsTaskOutputs;
import dev.ork.infra.ecs.EcsExecutor;
import dev.ork.infra.ecs.EcsTaskOutputs;
import dev.ork.infra.lambda.LambdaExecutor;
import dev.ork.infra.lambda.StatusMessageCodec;
import dev.ork.infra.sqs.DeadLetterQueue;
import dev.ork.infra.sqs.MessageCodec;
import dev.ork.infra.sqs.SqsBatchProcessor;
import dev.ork.infra.sqs.SqsMessageQueue;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import dev.ork.infra.events.EventBridgeRunEvents;
import dev.ork.infra.events.ObservedRunStore;
import dev.ork.infra.events.RunStatusListener;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Everything a handler needs, built once per execution environment (cold start) from the environment
 * variables in {@link OrkEnvironment}: SDK clients on the url-connection HTTP client (benchmarks may pass
 * another), the DynamoDB stores, the SQS queues, the Lambda and ECS executors, the ECS output reader and the engine. Handlers call
 * {@link #fromEnvironment(String)}; tests call {@link #create} with their own map, clock and
 * request-counting interceptors.
 */
public record Wiring(
    Engine engine,
    SnapshotStore snapshots,
    RunStore runs,
    SqsMessageQueue<DispatchMessage> dispatchQueue,
    SqsMessageQueue<StatusUpdate> statusQueue,
    DeadLetterQueue dispatchDlq,
    DeadLetterQueue statusDlq,
    WorkflowCompiler compiler,
    Clock clock,
    int sweepLimit,
    Triggerer triggerer,
    RunAccounting accounting,
    dev.ork.api.RunCosts costs,
    DynamoDbRunStore store,
    dev.ork.infra.aws.RunWatchdogs watchdogs) {

  /**
   * Runs one handler batch: its claims' deadline timers become at most one watchdog per run, sent at its
   * end unless a recorded watchdog covers them (RunWatchdogs), its other delayed status messages go out
   * together (SendMessageBatch), then the run counts its finishes add are added together (one ADD per
   * run, carrying the record of a watchdog sent).
   */
  public <R> R batch(java.util.function.Supplier<R> work) {
    return batch(null, work);
  }

  /** As above inside {@code invocation} (null: none): each run's usage rides on its counts ADD (UsageRide). */
  public <R> R batch(RunAccounting.Invocation invocation, java.util.function.Supplier<R> work) {
    // each run's ADD is metered as that run's usage (cost per run), without counting as a message of it
    return store.holdingCounts(() -> watchdogs.holding(() -> statusQueue.holdingDelayed(work)), engine.control()::counted,
        RunUsageMeter::during, invocation == null ? dev.ork.infra.dynamodb.UsageRide.NONE : invocation.ride());
  }

  /**
   * Inside {@link #batch}: reads the runs and tasks that {@code messages} name ahead, one BatchGetItem per
   * run (metered as that run's), which their handling's maybe-stale reads then use (DynamoDbRunStore.prefetch).
   */
  public <T> void prefetch(List<T> messages, java.util.function.Function<T, String> runId,
      java.util.function.Function<T, String> taskName) {
    prefetch(messages, runId, taskName, m -> true);
  }

  /** As above; a run is read only if one of its messages {@code needsRun} (a deadline timer mostly does not). */
  public <T> void prefetch(List<T> messages, java.util.function.Function<T, String> runId,
      java.util.function.Function<T, String> taskName, java.util.function.Predicate<T> needsRun) {
    var byRun = new java.util.LinkedHashMap<String, List<String>>();
    var withRun = new java.util.HashSet<String>();
    for (var m : messages) {
      if (runId.apply(m) != null && taskName.apply(m) != null) {
        byRun.computeIfAbsent(runId.apply(m), k -> new java.util.ArrayList<>()).add(taskName.apply(m));
        if (needsRun.test(m)) withRun.add(runId.apply(m));
      }
    }
    byRun.forEach((run, tasks) -> RunUsageMeter.during(run, () -> store.prefetch(run, tasks, withRun.contains(run))));
  }

  /** How often the triggerer polls one deferred job (it runs every minute; jobs due are polled). */
  public static final Duration POLL_INTERVAL = Duration.ofSeconds(60);

  /** Validates {@code handler}'s variables (one error listing every missing one), then wires. */
  public static Wiring fromEnvironment(String handler) {
    var env = System.getenv();
    var missing = missing(handler, env);
    if (!missing.isEmpty()) {
      throw new IllegalStateException(handler + " needs environment variables " + missing + " (template.yaml sets them)");
    }
    JsonLogHandler.install(); // infra's java.util.logging lines become JSON lines too: one channel
    return create(env, Clock.system());
  }

  public static Wiring create(Map<String, String> env, Clock clock, ExecutionInterceptor... interceptors) {
    return create(env, clock, UrlConnectionHttpClient.builder(), interceptors);
  }

  /** As {@link #create(Map, Clock, ExecutionInterceptor...)} on another HTTP client (benchmarks compare them). */
  public static Wiring create(Map<String, String> env, Clock clock, SdkHttpClient.Builder<?> http,
      ExecutionInterceptor... interceptors) {
    var interceptorList = List.of(interceptors);
    boolean costPerRun = !"off".equals(value(env, RUN_COST, "on"));
    var meter = new RunUsageMeter(); // on the DynamoDB and SQS clients only: cost per run
    var metered = new java.util.ArrayList<>(interceptorList);
    if (costPerRun) metered.add(meter);
    var dynamo = configure(DynamoDbClient.builder(), env, ENDPOINT_DYNAMODB, metered, http).build();
    var sqs = configure(SqsClient.builder(), env, ENDPOINT_SQS, metered, http).build();
    var lambda = configure(LambdaClient.builder(), env, ENDPOINT_LAMBDA, interceptorList, http).build();
    var ecs = configure(EcsClient.builder(), env, ENDPOINT_ECS, interceptorList, http).build();
    var logGroup = value(env, ECS_LOG_GROUP, null);
    EcsTaskOutputs ecsOutputs = logGroup == null ? EcsTaskOutputs.none() : new CloudWatchLogsTaskOutputs(
        configure(CloudWatchLogsClient.builder(), env, ENDPOINT_LOGS, interceptorList, http).build(), logGroup,
        ECS_LOG_STREAM_PREFIX);

    var retentionDays = Integer.parseInt(value(env, RUN_RETENTION_DAYS, "30"));
    var defaults = DynamoDbStoreConfig.defaults(env.get(TABLE));
    var config = new DynamoDbStoreConfig(defaults.tableName(), Duration.ofDays(retentionDays), defaults.shards(),
        defaults.maxOutputBytes(), java.time.Clock.systemUTC());
    var snapshots = new DynamoDbSnapshotStore(dynamo, config);
    var ecsTasks = new dev.ork.infra.dynamodb.DynamoDbEcsTaskIndex(dynamo, config);
    var bus = value(env, EVENT_BUS, null);
    var listeners = new java.util.ArrayList<RunStatusListener>(List.of(RunMetrics::changed));
    if (bus != null) {
      listeners.add(new EventBridgeRunEvents(configure(EventBridgeClient.builder(), env, ENDPOINT_EVENTS, interceptorList,
          http).build(), bus));
    }
    var usage = new DynamoDbRunUsage(dynamo, config);
    var accounting = costPerRun ? new RunAccounting(meter, usage) : RunAccounting.off();
    var store = new DynamoDbRunStore(dynamo, config);
    var runs = new ObservedRunStore(store, listeners, RunMetrics::finished);
    var dispatch = new SqsMessageQueue<>(sqs, env.get(DISPATCH_QUEUE_URL), MessageCodec.dispatch(), clock,
        SqsMessageQueue.DEFAULT_MAX_MESSAGE_BYTES);
    var status = new SqsMessageQueue<>(sqs, env.get(STATUS_QUEUE_URL), new StatusMessageCodec(ecsOutputs, ecsTasks), clock,
        SqsMessageQueue.DEFAULT_MAX_MESSAGE_BYTES);
    var payloads = payloadStore(env, interceptorList, http);
    var executors = new ExecutorRegistry(Map.of(LambdaExecutor.KIND, new LambdaExecutor(lambda, payloads),
        EcsExecutor.KIND, new EcsExecutor(ecs, ecsTasks)));
    var aws = JobTrackers.Clients.fromEnvironment();
    var trackers = JobTrackers.standard(new JobTrackers.Clients(() -> ecs, aws.batch(), aws.glue(), aws.athena(), aws.sfn()),
        CustomHttpTracker.standard());
    var deferrals = Deferrals.of(new DynamoDbDeferredJobStore(dynamo, config), trackers);
    var watchdogs = new dev.ork.infra.aws.RunWatchdogs(status, store, clock); // the engine's status queue: timers per run
    var ports = new EnginePorts(snapshots, runs, dispatch, watchdogs, executors, clock, () -> UUID.randomUUID().toString(),
        deferrals, new dev.ork.infra.dynamodb.DynamoDbSlotStore(dynamo, config))
        .withPayloads(payloads == null ? dev.ork.core.port.PayloadStore.none() : payloads)
        .withBackfills(new dev.ork.infra.dynamodb.DynamoDbBackfillStore(dynamo, config));
    var d = EngineSettings.serverless();
    var settings = d.withMaxOutputBytes(Math.min(d.maxOutputBytes(), config.maxOutputBytes()));
    var engine = new Engine(ports, settings);
    return new Wiring(engine, snapshots, runs, dispatch, status, dlq(sqs, env.get(DISPATCH_DLQ_URL)),
        dlq(sqs, env.get(STATUS_DLQ_URL)), new WorkflowCompiler(), clock,
        Integer.parseInt(value(env, SWEEP_LIMIT, "100")), new Triggerer(ports, POLL_INTERVAL), accounting,
        costPerRun ? new dev.ork.api.RunCosts(usage::read, value(env, PRICING_REGION, env.get(REGION)),
            ListPrices.Architecture.of(value(env, LAMBDA_ARCHITECTURE, "arm64"))) : null, store, watchdogs);
  }

  /**
   * The payload bucket's store ({@code ORK_PAYLOAD_BUCKET}), its S3 clients built on first use (most
   * invocations never touch a large output); null without a bucket: outputs stay within the inline limit.
   */
  private static dev.ork.infra.payload.S3PayloadStore payloadStore(Map<String, String> env,
      List<ExecutionInterceptor> interceptors, SdkHttpClient.Builder<?> http) {
    var bucket = value(env, PAYLOAD_BUCKET, null);
    if (bucket == null) return null;
    var endpoint = value(env, ENDPOINT_S3, value(env, ENDPOINT_OVERRIDE, null));
    return new dev.ork.infra.payload.S3PayloadStore(bucket,
        () -> configure(software.amazon.awssdk.services.s3.S3Client.builder(), env, ENDPOINT_S3, interceptors, http)
            .forcePathStyle(endpoint != null).build(),
        () -> {
          var presigner = software.amazon.awssdk.services.s3.presigner.S3Presigner.builder()
              .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                  .pathStyleAccessEnabled(endpoint != null).build());
          var region = value(env, REGION, endpoint != null ? "us-east-1" : null);
          if (region != null) presigner.region(Region.of(region));
          if (endpoint != null) {
            presigner.endpointOverride(URI.create(endpoint))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")));
          }
          return presigner.build();
        });
  }

  public SqsBatchProcessor<DispatchMessage> dispatchBatches() {
    if (dispatchDlq == null) throw new IllegalStateException(DISPATCH_DLQ_URL + " is not set");
    return new SqsBatchProcessor<>(dispatchQueue, dispatchDlq, clock, SqsBatchProcessor::isTransientByDefault);
  }

  public SqsBatchProcessor<StatusUpdate> statusBatches() {
    if (statusDlq == null) throw new IllegalStateException(STATUS_DLQ_URL + " is not set");
    return new SqsBatchProcessor<>(statusQueue, statusDlq, clock, SqsBatchProcessor::isTransientByDefault);
  }

  private static DeadLetterQueue dlq(SqsClient sqs, String url) {
    return url == null || url.isBlank() ? null : new DeadLetterQueue(sqs, url);
  }

  private static String value(Map<String, String> env, String name, String fallback) {
    var v = env.get(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, Map<String, String> env, String serviceEndpoint,
      List<ExecutionInterceptor> interceptors, SdkHttpClient.Builder<?> http) {
    var endpoint = value(env, serviceEndpoint, value(env, ENDPOINT_OVERRIDE, null));
    var region = value(env, REGION, endpoint != null ? "us-east-1" : null);
    if (region != null) builder.region(Region.of(region));
    if (endpoint != null) {
      builder.endpointOverride(URI.create(endpoint));
      builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")));
    }
    builder.overrideConfiguration(c -> interceptors.forEach(c::addExecutionInterceptor));
    if (builder instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
      sync.httpClient(http.build());
    }
    return builder;
  }
}
