package dev.ork.bench;

import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.StatusUpdate;
import dev.ork.infra.dynamodb.DynamoDbTables;
import dev.ork.infra.dynamodb.Dynoxide;
import dev.ork.infra.sqs.MessageCodec;
import dev.ork.infra.sqs.SqsQueues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Cold start of the five Lambda handlers, each in a fresh JVM launched the way Lambda's java21 runtime does
 * (the real runtime interface client, {@code AWSLambda <Handler>::handleRequest}, C1-only tiered compilation),
 * against a raw-socket Runtime API stub, dynoxide and ElasticMQ. Per launch: INIT = process start → first
 * {@code GET /invocation/next} (the client has loaded the handler and run its constructor, i.e. Ork's
 * wiring), first invoke = event served → response posted, total = process start → response; plus the child's
 * peak RSS (VmHWM). See docs/performance.md.
 *
 * <pre>
 *   scripts/bench LambdaInitBench                 # 5 launches per handler, Lambda flags
 *   options: --runs N, --handler ApiHandler (repeatable), --compare (also without -XX:TieredStopAtLevel=1),
 *            --empty-sqs (empty SQS batches instead of 1 message), --class-load (count loaded classes),
 *            --jvm-arg X (extra child JVM flag, repeatable), --show-output (child stdout/stderr),
 *            --no-baseline (skip the NoopHandler floor row)
 * </pre>
 */
public final class LambdaInitBench {
  static final List<String> HANDLERS = List.of("ApiHandler", "SchedulerTickHandler", "DispatcherHandler",
      "StatusUpdateHandler", "TriggererHandler");
  /** As Lambda's java runtime bootstrap starts the JVM (heap ≈ 85 % of the function's 1024 MB). */
  static final List<String> LAMBDA_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
      "-XX:+UseSerialGC", "-XX:MaxHeapSize=870m", "-Djava.net.preferIPv4Stack=true");
  static final double TARGET_INIT_MS = 1500;
  /** The floor: {@link NoopHandler} (no Ork wiring) on the same class path plus bench's classes. */
  static final String BASELINE = "NoopHandler";

  record Launch(double initMs, double invokeMs, double totalMs, long peakRssKb, long classesAtInit, long classesTotal,
      String outcome, String answer) {}

  public static void main(String[] args) throws Exception {
    int runs = 5;
    boolean compare = false, emptySqs = false, classLoad = false, showOutput = false, baseline = true;
    var handlers = new ArrayList<String>();
    var extra = new ArrayList<String>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--handler" -> handlers.add(args[++i]);
        case "--compare" -> compare = true;
        case "--empty-sqs" -> emptySqs = true;
        case "--class-load" -> classLoad = true;
        case "--jvm-arg" -> extra.add(args[++i]);
        case "--show-output" -> showOutput = true;
        case "--no-baseline" -> baseline = false;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (handlers.isEmpty()) handlers.addAll(HANDLERS);
    if (baseline) handlers.add(0, BASELINE);

    var root = Path.of("").toAbsolutePath();
    var jar = root.resolve("functions/target/ork-functions.jar");
    var layer = root.resolve("functions/target/tracker-layer/java/lib");
    if (!Files.isRegularFile(jar) || !Files.isDirectory(layer)) {
      throw new IllegalStateException("build the Lambda jar and layer first: ./mvnw -pl functions -am package -DskipTests"
          + " (scripts/bench LambdaInitBench does it)");
    }
    var classPath = jar + ":" + layer + "/*:" + String.join(":", runtimeClientJars());
    var benchClasses = Path.of(NoopHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());

    // emulators, shared by every launch
    var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"));
    var ddbEndpoint = Dynoxide.endpoint();
    var ddb = DynamoDbClient.builder().endpointOverride(ddbEndpoint).region(Region.US_EAST_1).credentialsProvider(creds)
        .httpClient(UrlConnectionHttpClient.create()).build();
    var mq = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().withAWSRegion("us-east-1")
        .withAWSAccountId("123456789012").start();
    var sqsEndpoint = "http://127.0.0.1:" + mq.waitUntilStarted().localAddress().getPort();
    var sqs = SqsClient.builder().endpointOverride(java.net.URI.create(sqsEndpoint)).region(Region.US_EAST_1)
        .credentialsProvider(creds).httpClient(UrlConnectionHttpClient.create()).build();
    try {
      var table = "ork-init-" + UUID.randomUUID();
      DynamoDbTables.create(ddb, table);
      var dq = SqsQueues.create(sqs, "ork-dispatch", 5);
      var sq = SqsQueues.create(sqs, "ork-status", 5);
      var env = new LinkedHashMap<String, String>();
      env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
      env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
      env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/26/[$LATEST]bench");
      env.put("AWS_REGION", "us-east-1");
      env.put("AWS_DEFAULT_REGION", "us-east-1");
      env.put("AWS_ACCESS_KEY_ID", "x");
      env.put("AWS_SECRET_ACCESS_KEY", "x");
      env.put("ORK_TABLE", table);
      env.put("ORK_DISPATCH_QUEUE_URL", dq.url());
      env.put("ORK_STATUS_QUEUE_URL", sq.url());
      env.put("ORK_DISPATCH_DLQ_URL", dq.dlqUrl());
      env.put("ORK_STATUS_DLQ_URL", sq.dlqUrl());
      env.put("ORK_AWS_ENDPOINT_DYNAMODB", ddbEndpoint.toString());
      env.put("ORK_AWS_ENDPOINT_SQS", sqsEndpoint);

      System.out.printf("LambdaInitBench: %d launch(es) per handler, %s, %d cores, java %s%n", runs,
          emptySqs ? "empty SQS batches" : "1-message SQS batches", Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"));
      var variants = new LinkedHashMap<String, List<String>>();
      variants.put("Lambda flags (C1 only)", LAMBDA_FLAGS);
      if (compare) {
        variants.put("default tiered (C1+C2)", LAMBDA_FLAGS.stream().filter(f -> !f.startsWith("-XX:TieredStopAtLevel")).toList());
      }
      var work = Files.createTempDirectory("ork-init-bench");
      boolean anyOver = false;
      for (var variant : variants.entrySet()) {
        System.out.printf("%n== %s: %s%n", variant.getKey(), String.join(" ", variant.getValue()));
        System.out.printf("%-21s %-9s %9s %9s %9s %9s %9s %9s %8s%s%n", "handler", "result", "INIT p50", "INIT max",
            "inv p50", "inv max", "tot p50", "tot max", "RSS max", classLoad ? "  classes@init/total" : "");
        for (var handler : handlers) {
          var launches = new ArrayList<Launch>();
          for (int r = 0; r < runs; r++) {
            var flags = new ArrayList<>(variant.getValue());
            flags.addAll(extra);
            launches.add(launch(handler, event(handler, emptySqs), handler.equals(BASELINE) ? classPath + ":" + benchClasses
                : classPath, flags, env, work, classLoad, showOutput));
          }
          var init = Stats.of(launches.stream().map(Launch::initMs).toList());
          var inv = Stats.of(launches.stream().map(Launch::invokeMs).toList());
          var tot = Stats.of(launches.stream().map(Launch::totalMs).toList());
          long rss = launches.stream().mapToLong(Launch::peakRssKb).max().orElse(0);
          var outcomes = launches.stream().map(Launch::outcome).distinct().toList();
          if (!handler.equals(BASELINE)) anyOver |= init.p50() > TARGET_INIT_MS;
          System.out.printf("%-21s %-9s %7.0fms %7.0fms %7.0fms %7.0fms %7.0fms %7.0fms %6dMB%s%n", handler,
              String.join("/", outcomes), init.p50(), init.max(), inv.p50(), inv.max(), tot.p50(), tot.max(), rss / 1024,
              classLoad ? String.format("  %d/%d", launches.get(0).classesAtInit(), launches.get(0).classesTotal()) : "");
          if (!outcomes.equals(List.of("response"))) {
            System.out.println("   answer: " + launches.get(launches.size() - 1).answer());
          }
        }
      }
      System.out.printf("%nTarget INIT p50 <= %.0f ms: %s%n", TARGET_INIT_MS, anyOver ? "MISSED for some handler" : "met");
      if (classLoad) System.out.println("class-load logs and child output: " + work);
      else try (var files = Files.list(work)) {
        for (var f : files.toList()) Files.delete(f);
        Files.delete(work);
      }
    } finally {
      sqs.close();
      ddb.close();
      mq.stopAndWait();
    }
  }

  private static Launch launch(String handler, String event, String classPath, List<String> flags, Map<String, String> env,
      Path work, boolean classLoad, boolean showOutput) throws Exception {
    try (var stub = new RuntimeApiStub(event)) {
      var cmd = new ArrayList<String>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(flags);
      var classLog = work.resolve(handler + "-classes.log");
      Files.deleteIfExists(classLog);
      if (classLoad) cmd.add("-Xlog:class+load=info:file=" + classLog);
      cmd.addAll(List.of("-cp", classPath, "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
          (handler.equals(BASELINE) ? "dev.ork.bench." : "dev.ork.functions.") + handler + "::handleRequest"));
      var pb = new ProcessBuilder(cmd).directory(work.toFile());
      pb.environment().putAll(env);
      pb.environment().put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + stub.port());
      pb.environment().put("AWS_LAMBDA_FUNCTION_NAME", "ork-" + handler);
      pb.environment().put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/ork-" + handler);
      // as template.yaml: only the status handler reads ECS task outputs (and so builds a CloudWatch Logs client)
      if (handler.equals("StatusUpdateHandler")) pb.environment().put("ORK_ECS_LOG_GROUP", "/ork/tasks");
      var out = work.resolve(handler + ".out");
      pb.redirectErrorStream(true).redirectOutput(out.toFile());
      long[] classesAtInit = {-1};
      if (classLoad) stub.onFirstNext = () -> classesAtInit[0] = lines(classLog);
      long start = System.nanoTime();
      var p = pb.start();
      try {
        var done = stub.answered.thenApply(v -> true);
        var exited = p.onExit().thenApply(x -> false);
        boolean answered = done.applyToEither(exited, b -> b).get(120, TimeUnit.SECONDS);
        long rss = peakRssKb(p.pid());
        if (showOutput || !answered) System.out.print(Files.readString(out));
        if (showOutput) System.out.println("   -> " + stub.outcome + ": " + stub.answerBody);
        if (!answered) throw new IllegalStateException(handler + " JVM exited with " + p.exitValue() + " before answering");
        double init = stub.firstNextNs == 0 ? Double.NaN : (stub.firstNextNs - start) / 1e6;
        double invoke = stub.firstNextNs == 0 ? Double.NaN : (stub.answeredNs - stub.servedNs) / 1e6;
        return new Launch(init, invoke, (stub.answeredNs - start) / 1e6, rss, classesAtInit[0],
            classLoad ? lines(classLog) : -1, stub.outcome, stub.answerBody);
      } finally {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** The runtime interface client and what it needs, from this JVM's class path (bench depends on it). */
  static List<String> runtimeClientJars() {
    var wanted = List.of("aws-lambda-java-runtime-interface-client", "aws-lambda-java-serialization",
        "aws-lambda-java-core", "utils-lite");
    var jars = Stream.of(System.getProperty("java.class.path").split(":"))
        .filter(p -> wanted.stream().anyMatch(w -> Path.of(p).getFileName().toString().startsWith(w + "-"))).toList();
    if (jars.stream().noneMatch(j -> j.contains("runtime-interface-client"))) {
      throw new IllegalStateException("aws-lambda-java-runtime-interface-client is not on the class path");
    }
    return jars;
  }

  static String event(String handler, boolean emptySqs) {
    var now = Instant.now().toString();
    return switch (handler) {
      case "ApiHandler" -> """
          {"version":"2.0","routeKey":"GET /workflows","rawPath":"/workflows","rawQueryString":"",
           "headers":{"accept":"application/json","host":"api.example.com"},
           "requestContext":{"accountId":"123456789012","apiId":"bench","domainName":"api.example.com",
             "http":{"method":"GET","path":"/workflows","protocol":"HTTP/1.1","sourceIp":"127.0.0.1","userAgent":"bench"},
             "requestId":"bench-1","routeKey":"GET /workflows","stage":"$default","time":"26/Nov/2026:00:00:00 +0000",
             "timeEpoch":1795651200000},
           "isBase64Encoded":false}""";
      case "SchedulerTickHandler", "TriggererHandler", BASELINE -> """
          {"version":"0","id":"%s","detail-type":"Scheduled Event","source":"aws.events","account":"123456789012",
           "time":"%s","region":"us-east-1","resources":["arn:aws:events:us-east-1:123456789012:rule/ork-tick"],
           "detail":{}}""".formatted(UUID.randomUUID(), now.substring(0, 19) + "Z");
      case "DispatcherHandler" -> sqsBatch(emptySqs ? null
          : MessageCodec.dispatch().encode(new DispatchMessage("run-" + UUID.randomUUID(), "t1", 1)), "ork-dispatch");
      case "StatusUpdateHandler" -> sqsBatch(emptySqs ? null
          : MessageCodec.status().encode(StatusUpdate.succeeded("run-" + UUID.randomUUID(), "t1", 1, null, Instant.now())),
          "ork-status");
      default -> throw new IllegalArgumentException("unknown handler " + handler);
    };
  }

  private static String sqsBatch(String body, String queue) {
    if (body == null) return "{\"Records\":[]}";
    var quoted = "\"" + body.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    return """
        {"Records":[{"messageId":"%s","receiptHandle":"rh-1","body":%s,
          "attributes":{"ApproximateReceiveCount":"1","SentTimestamp":"%d","SenderId":"bench",
            "ApproximateFirstReceiveTimestamp":"%d"},
          "messageAttributes":{},"md5OfBody":"","eventSource":"aws:sqs",
          "eventSourceARN":"arn:aws:sqs:us-east-1:123456789012:%s","awsRegion":"us-east-1"}]}"""
        .formatted(UUID.randomUUID(), quoted, System.currentTimeMillis(), System.currentTimeMillis(), queue);
  }

  private static long lines(Path file) {
    try (var s = Files.lines(file)) {
      return s.count();
    } catch (IOException | java.io.UncheckedIOException e) {
      return -1;
    }
  }

  private static long peakRssKb(long pid) {
    try {
      for (var line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    } catch (IOException | RuntimeException e) {
      // process gone
    }
    return 0;
  }

  private LambdaInitBench() {}
}
