package dev.ork.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ork.api.ApiRoutes;
import dev.ork.core.port.Clock;
import dev.ork.infra.aws.RequestCounter;
import dev.ork.infra.sqs.DeadLetterQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The handlers wired exactly as on AWS, against dynoxide (DynamoDB), embedded ElasticMQ (SQS) and the
 * Lambda Invoke stand-in: messages really flow through the dispatch and status queues, task
 * functions report through destination records on the status queue.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AwsEmulators aws;
  private final RequestCounter counter = new RequestCounter();
  private final AtomicReference<Duration> clockOffset = new AtomicReference<>(Duration.ZERO);
  private final Clock clock = () -> Instant.now().plus(clockOffset.get());
  private ApiHandler api;
  private SchedulerTickHandler tick;
  private SqsPump dispatchPump;
  private SqsPump statusPump;
  private final List<Long> handOffNanos = new ArrayList<>();
  private final Map<String, String> jobStates = new java.util.concurrent.ConcurrentHashMap<>();
  private com.sun.net.httpserver.HttpServer jobStatus;
  private TriggererHandler triggerer;

  private static final String PIPELINE = """
      name: pipeline
      tasks:
        extract:
          executor: lambda
          function: extract
          input_type: {source: str}
          output_type: {items: [int], source: str}
          inputs:
            source: {const: orders}
        square:
          executor: lambda
          function: square
          depends_on: [extract]
          input_type: {items: [int]}
          output_type: {sum: int}
          inputs:
            items: {ref: tasks.extract.output.items}
        double:
          executor: lambda
          function: double
          depends_on: [extract]
          input_type: {items: [int]}
          output_type: {sum: int}
          inputs:
            items: {ref: tasks.extract.output.items}
        flaky:
          executor: lambda
          function: flaky
          depends_on: [extract]
          retries: 2
          input_type: {source: str}
          output_type: {sum: int}
          inputs:
            source: {ref: tasks.extract.output.source}
        merge:
          executor: lambda
          function: merge
          depends_on: [square, double, flaky]
          input_type: {a: int, b: int, c: int}
          output_type: {total: int}
          inputs:
            a: {ref: tasks.square.output.sum}
            b: {ref: tasks.double.output.sum}
            c: {ref: tasks.flaky.output.sum}
      """;

  @BeforeAll
  void start() throws Exception {
    aws = new AwsEmulators();
    var lambda = aws.lambda;
    lambda.register("extract", (in, ctx) -> Map.of("items", List.of(1, 2, 3), "source", inputs(in).get("source")));
    lambda.register("square", (in, ctx) -> Map.of("sum", ints(in).stream().mapToInt(i -> i * i).sum()));
    lambda.register("double", (in, ctx) -> Map.of("sum", ints(in).stream().mapToInt(i -> i * 2).sum()));
    lambda.register("flaky", (in, ctx) -> {
      if (((Number) in.get("attempt")).intValue() == 1) throw new IllegalStateException("first attempt always fails");
      return Map.of("sum", 100);
    });
    lambda.register("merge", (in, ctx) -> {
      var i = inputs(in);
      return Map.of("total", ((Number) i.get("a")).intValue() + ((Number) i.get("b")).intValue()
          + ((Number) i.get("c")).intValue());
    });
    lambda.register("boom", (in, ctx) -> { throw new IllegalArgumentException("bad data in row 7"); });
    lambda.register("noop", (in, ctx) -> Map.of("ok", true));
    lambda.register("sleepy", (in, ctx) -> { sleep(3000); return Map.of("ok", true); });
    jobStatus = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    jobStatus.createContext("/jobs/", exchange -> {
      var id = exchange.getRequestURI().getPath().substring("/jobs/".length());
      var bytes = ("{\"state\":\"" + jobStates.getOrDefault(id, "RUNNING") + "\"}").getBytes();
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    jobStatus.start();
    var jobsBase = "http://127.0.0.1:" + jobStatus.getAddress().getPort() + "/jobs/";
    lambda.register("export", (in, ctx) -> {
      var jobs = List.of("a", "b").stream().map(j -> Map.of("service_type", "custom_http", "job_id", in.get("run") + "-" + j,
          "url", jobsBase + in.get("run") + "-" + j, "status_field", "state", "success_value", "DONE",
          "failure_value", "FAILED")).toList();
      return Map.of("table", "events", "deferred", jobs);
    });
    lambda.register("announce", (in, ctx) -> Map.of("message", "exported " + inputs(in).get("table")));
    triggerer = new TriggererHandler(aws.wiring(clock, counter));

    api = new ApiHandler(aws.wiring(clock, counter));
    tick = new SchedulerTickHandler(aws.wiring(clock, counter));
    dispatchPump = new SqsPump("dispatch", aws.sqs, aws.dispatch.url(), new DispatcherHandler(aws.wiring(clock, counter)));
    statusPump = new SqsPump("status", aws.sqs, aws.status.url(), new StatusUpdateHandler(aws.wiring(clock, counter)));

    register("pipeline", PIPELINE);
    register("doomed", """
        name: doomed
        tasks:
          boom: {executor: lambda, function: boom, output_type: {ok: bool}}
          after: {executor: lambda, function: noop, depends_on: [boom]}
        """);
    register("slow", """
        name: slow
        tasks:
          sleepy: {executor: lambda, function: sleepy, timeout: 1}
        """);
    register("hold", """
        name: hold
        tasks:
          sleepy: {executor: lambda, function: sleepy}
          next: {executor: lambda, function: noop, depends_on: [sleepy]}
        """);
    register("exporting", """
        name: exporting
        tasks:
          export:
            executor: lambda
            function: export
            output_type: {table: str}
          announce:
            executor: lambda
            function: announce
            depends_on: [export]
            input_type: {table: str}
            output_type: {message: str}
            inputs: {table: {ref: tasks.export.output.table}}
        """);
    register("nightly", """
        name: nightly
        schedule: rate(1 minute)
        tasks:
          ping: {executor: lambda, function: noop}
        """);
  }

  @AfterAll
  void stop() throws Exception {
    if (dispatchPump != null) dispatchPump.close();
    if (statusPump != null) statusPump.close();
    if (aws != null) aws.close();
    if (jobStatus != null) jobStatus.stop(0);
    if (!handOffNanos.isEmpty()) {
      var sorted = handOffNanos.stream().sorted().toList();
      System.out.printf("[e2e] hand-off latency (dependency's destination record sent -> dependent invoked), "
              + "n=%d: p50 %.1f ms, p90 %.1f ms, max %.1f ms%n", sorted.size(), sorted.get(sorted.size() / 2) / 1e6,
          sorted.get((int) (sorted.size() * 0.9)) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
    }
  }

  @Test
  @Order(1)
  void pipeline_succeeds_withFanOutFanInRefsAndARetry() throws Exception {
    counter.reset();
    var started = call("POST", "/workflows/pipeline/runs", "{}", Map.of());
    assertThat(started.getStatusCode()).isEqualTo(201);
    var runId = body(started).path("run").path("runId").asText();

    var run = awaitFinished(runId);

    assertThat(run.path("status").asText()).isEqualTo("succeeded");
    var tasks = tasksByName(run);
    assertThat(tasks.get("merge").path("output").path("total").asInt()).isEqualTo(14 + 12 + 100);
    assertThat(tasks.get("flaky").path("attempt").asInt()).isEqualTo(2);
    assertThat(tasks.values()).allSatisfy(t -> assertThat(t.path("status").asText()).isEqualTo("succeeded"));
    int attempts = aws.lambda.invocations().stream().filter(i -> i.run().equals(runId)).toList().size();
    assertThat(attempts).isEqualTo(6);
    var requests = counter.snapshot();
    long total = requests.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("[e2e] AWS requests by the handlers for one 5-task run with one retry (6 attempts): %d total,"
        + " %.1f per task, %.1f per attempt; by operation: %s%n", total, total / 5.0, total / (double) attempts, requests);
    System.out.printf("[e2e] not counted: SQS ReceiveMessage/DeleteMessageBatch by the event source mappings and the"
        + " %d SendMessage calls by Lambda destinations (1 per attempt)%n", attempts);
    recordHandOffs(runId, Map.of("square", List.of("extract"), "double", List.of("extract"), "flaky", List.of("extract"),
        "merge", List.of("square", "double", "flaky")));
  }

  @Test
  @Order(2)
  void failure_propagatesAsUpstreamFailed_andFailsTheRun() throws Exception {
    var runId = startRun("doomed", null);
    var run = awaitFinished(runId);
    assertThat(run.path("status").asText()).isEqualTo("failed");
    var tasks = tasksByName(run);
    assertThat(tasks.get("boom").path("status").asText()).isEqualTo("failed");
    assertThat(tasks.get("boom").path("error").asText()).contains("IllegalArgumentException: bad data in row 7");
    assertThat(tasks.get("after").path("status").asText()).isEqualTo("upstream_failed");
    assertThat(aws.lambda.invocations()).noneMatch(i -> i.run().equals(runId) && i.task().equals("after"));

    var rerun = call("POST", "/runs/" + runId + "/rerun", "", Map.of()); // the handler still fails: it fails again
    assertThat(rerun.getStatusCode()).isEqualTo(200);
    assertThat(body(rerun).path("run").path("status").asText()).isEqualTo("running");
    assertThat(call("POST", "/runs/" + runId + "/rerun", "{}", Map.of()).getStatusCode()).isEqualTo(200); // a no-op now
    var again = awaitFinished(runId);
    assertThat(again.path("status").asText()).isEqualTo("failed");
    assertThat(tasksByName(again).get("boom").path("attempt").asInt()).isEqualTo(2);
    assertThat(aws.lambda.invocations().stream().filter(i -> i.run().equals(runId)).map(i -> i.task() + "#" + i.attempt()))
        .containsExactlyInAnyOrder("boom#1", "boom#2");
    assertThat(call("POST", "/runs/" + runId + "/rerun", "{\"downstream\":true}", Map.of()).getStatusCode()).isEqualTo(400);
  }

  @Test
  @Order(3)
  void timeout_failsTheTask_whenItsDelayedDeadlineMessageArrives_andFencesTheLateResult() throws Exception {
    var runId = startRun("slow", null); // no tick: the claim's deadline message (1 s) alone times it out
    awaitTask(runId, "sleepy", "running");
    var run = awaitFinished(runId);
    assertThat(run.path("status").asText()).isEqualTo("failed");
    var sleepy = tasksByName(run).get("sleepy");
    assertThat(sleepy.path("status").asText()).isEqualTo("timed_out");
    awaitReported(runId, "sleepy");
    sleep(1500); // the late Success record is delivered and fenced
    assertThat(tasksByName(getRun(runId)).get("sleepy").path("status").asText()).isEqualTo("timed_out");
  }

  @Test
  @Order(4)
  void cancel_viaApi_cancelsTheRun_andFencesTheLateResult() throws Exception {
    var runId = startRun("hold", null);
    awaitTask(runId, "sleepy", "running");
    var cancelled = call("POST", "/runs/" + runId + "/cancel", "{\"reason\":\"operator said so\"}", Map.of());
    assertThat(cancelled.getStatusCode()).isEqualTo(200);
    assertThat(body(cancelled).path("run").path("status").asText()).isEqualTo("cancelled");
    awaitReported(runId, "sleepy");
    sleep(1500);
    var run = getRun(runId);
    assertThat(run.path("status").asText()).isEqualTo("cancelled");
    assertThat(tasksByName(run).get("sleepy").path("status").asText()).isEqualTo("cancelled");
    assertThat(tasksByName(run).get("next").path("status").asText()).isEqualTo("cancelled");
    assertThat(aws.lambda.invocations()).noneMatch(i -> i.run().equals(runId) && i.task().equals("next"));
    assertThat(call("POST", "/runs/" + runId + "/pause", "", Map.of()).getStatusCode()).isEqualTo(409);
  }

  @Test
  @Order(4)
  void deferredJobs_theTaskWaitsForBoth_whenTheSecondFinishesLast_thenItsOutputFeedsTheNextTask() throws Exception {
    var runId = startRun("exporting", null);
    awaitTask(runId, "export", "deferred");
    jobStates.put(runId + "-a", "DONE");
    triggerer.handleRequest(Map.of(), null);
    sleep(500);
    assertThat(tasksByName(getRun(runId)).get("export").path("status").asText()).isEqualTo("deferred");
    jobStates.put(runId + "-b", "DONE");
    triggerer.handleRequest(Map.of(), null); // b is not due yet: polled a minute after its last poll
    sleep(300);
    assertThat(tasksByName(getRun(runId)).get("export").path("status").asText()).isEqualTo("deferred");
    clockOffset.set(clockOffset.get().plus(Wiring.POLL_INTERVAL));
    triggerer.handleRequest(Map.of(), null);
    var run = awaitFinished(runId);
    assertThat(run.path("status").asText()).isEqualTo("succeeded");
    var tasks = tasksByName(run);
    assertThat(tasks.get("export").path("output").path("table").asText()).isEqualTo("events");
    assertThat(tasks.get("announce").path("output").path("message").asText()).isEqualTo("exported events");
  }

  @Test
  @Order(5)
  void schedule_firesEachDueTimeOnce_whenTicksOverlapAndRepeat() throws Exception {
    var enabled = call("PUT", "/workflows/nightly/schedule", "{\"enabled\":true}", Map.of());
    assertThat(enabled.getStatusCode()).isEqualTo(200);
    var due = Instant.parse(body(enabled).path("nextFireAt").asText());
    try {
      clockOffset.set(Duration.between(Instant.now(), due).plusSeconds(5));
      var a = CompletableFuture.runAsync(() -> tick.handleRequest(Map.of(), null));
      var b = CompletableFuture.runAsync(() -> tick.handleRequest(Map.of(), null));
      a.get();
      b.get();
      tick.handleRequest(Map.of(), null);
    } finally {
      clockOffset.set(Duration.ZERO);
    }
    var runs = body(call("GET", "/workflows/nightly/runs", null, Map.of())).path("runs");
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).path("triggeredBy").asText()).isEqualTo("schedule");
    assertThat(runs.get(0).path("idempotencyKey").asText()).isEqualTo("schedule:nightly:" + due);
    assertThat(awaitFinished(runs.get(0).path("runId").asText()).path("status").asText()).isEqualTo("succeeded");
    var wf = body(call("GET", "/workflows/nightly", null, Map.of()));
    assertThat(Instant.parse(wf.path("nextFireAt").asText())).isEqualTo(due.plusSeconds(60));
  }

  @Test
  @Order(6)
  void start_isIdempotent_whenTheSameKeyIsSentTwice() throws Exception {
    var first = call("POST", "/workflows/doomed/runs", "{}", Map.of("Idempotency-Key", "order-42"));
    var second = call("POST", "/workflows/doomed/runs", "{\"idempotencyKey\":\"order-42\"}", Map.of());
    assertThat(first.getStatusCode()).isEqualTo(201);
    assertThat(second.getStatusCode()).isEqualTo(200);
    assertThat(body(second).path("run").path("runId").asText()).isEqualTo(body(first).path("run").path("runId").asText());
    awaitFinished(body(first).path("run").path("runId").asText());
  }

  @Test
  @Order(7)
  void duplicatedAndReorderedMessages_causeNoDoubleTransition() throws Exception {
    dispatchPump.chaos = true;
    statusPump.chaos = true;
    try {
      var ids = new ArrayList<String>();
      for (int i = 0; i < 3; i++) ids.add(startRun("pipeline", null));
      for (var id : ids) {
        var run = awaitFinished(id);
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(tasksByName(run).get("merge").path("output").path("total").asInt()).isEqualTo(126);
        assertThat(run.path("tasksTerminal").asInt()).isEqualTo(5);
      }
      sleep(2500); // the held-back duplicates are delivered after the runs finished
      for (var id : ids) {
        var perAttempt = aws.lambda.invocations().stream().filter(i -> i.run().equals(id))
            .collect(Collectors.groupingBy(i -> i.task() + "#" + i.attempt(), Collectors.counting()));
        assertThat(perAttempt).as("each attempt launched exactly once").allSatisfy((k, n) -> assertThat(n).isEqualTo(1L));
        assertThat(perAttempt).hasSize(6);
        var run = getRun(id);
        assertThat(run.path("tasksTerminal").asInt()).isEqualTo(5);
        assertThat(run.path("tasksFailed").asInt()).isEqualTo(0);
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
      }
    } finally {
      dispatchPump.chaos = false;
      statusPump.chaos = false;
    }
  }

  @Test
  @Order(8)
  void undecodableStatusMessage_landsInTheDlqWithItsReason() throws Exception {
    aws.sqs.sendMessage(b -> b.queueUrl(aws.status.url()).messageBody("{\"hello\":\"world\"}"));
    var deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      var got = aws.sqs.receiveMessage(b -> b.queueUrl(aws.status.dlqUrl()).waitTimeSeconds(1)
          .messageAttributeNames("All")).messages();
      if (!got.isEmpty()) {
        assertThat(got.get(0).body()).isEqualTo("{\"hello\":\"world\"}");
        assertThat(got.get(0).messageAttributes().get(DeadLetterQueue.ERROR_ATTRIBUTE).stringValue())
            .contains("undecodable status message");
        return;
      }
    }
    throw new AssertionError("nothing reached the status DLQ");
  }

  @Test
  @Order(9)
  void apiErrors_areJsonWithStableCodes() throws Exception {
    var bad = call("PUT", "/workflows/broken", "name: broken\ntasks:\n  a: {executor: lambda}\n", Map.of());
    assertThat(bad.getStatusCode()).isEqualTo(400);
    var error = body(bad).path("error");
    assertThat(error.path("code").asText()).isEqualTo("invalid_workflow");
    assertThat(error.path("diagnostics").get(0).path("line").asInt()).isEqualTo(3);
    assertThat(error.path("diagnostics").get(0).path("code").asText()).isNotBlank();

    var mismatch = call("PUT", "/workflows/other", "name: pipeline2\ntasks:\n  a: {executor: lambda, function: noop}\n", Map.of());
    assertThat(code(mismatch)).isEqualTo("invalid_workflow");
    assertThat(mismatch.getStatusCode()).isEqualTo(400);

    assertThat(status(call("GET", "/workflows/nope", null, Map.of()))).isEqualTo(404);
    assertThat(code(call("GET", "/runs/nope", null, Map.of()))).isEqualTo("not_found");
    assertThat(code(call("GET", "/elsewhere", null, Map.of()))).isEqualTo("not_found");
    assertThat(code(call("PATCH", "/workflows/pipeline", null, Map.of()))).isEqualTo("method_not_allowed");
    assertThat(code(call("POST", "/workflows/pipeline/runs", "{not json", Map.of()))).isEqualTo("invalid_json");
    assertThat(code(call("POST", "/workflows/pipeline/runs", "{\"inputs\":{\"extract.nope\":1}}", Map.of())))
        .isEqualTo("invalid_input");
    assertThat(code(call("PUT", "/workflows/pipeline/schedule", "{\"enabled\":true}", Map.of()))).isEqualTo("invalid_input");
    assertThat(code(call("GET", "/workflows/pipeline/runs?limit=0", null, Map.of("limit", "0")))).isEqualTo("invalid_input");
    var big = "x".repeat(ApiRoutes.MAX_JSON_BYTES + 1);
    var tooLarge = call("POST", "/workflows/pipeline/runs", big, Map.of());
    assertThat(tooLarge.getStatusCode()).isEqualTo(413);
    assertThat(code(tooLarge)).isEqualTo("payload_too_large");

    var page = body(call("GET", "/workflows/pipeline/runs", null, Map.of("limit", "2")));
    assertThat(page.path("runs")).hasSize(2);
    assertThat(page.path("nextCursor").isTextual()).isTrue();
    var next = body(call("GET", "/workflows/pipeline/runs", null,
        Map.of("limit", "2", "cursor", page.path("nextCursor").asText())));
    assertThat(next.path("runs").get(0).path("runId").asText()).isNotEqualTo(page.path("runs").get(0).path("runId").asText());
    var list = body(call("GET", "/workflows", null, Map.of())).path("workflows");
    assertThat(list.findValuesAsText("name")).contains("pipeline", "doomed", "nightly");
  }

  // ---- helpers

  private void register(String name, String yaml) throws Exception {
    var r = call("PUT", "/workflows/" + name, yaml, Map.of());
    assertThat(r.getStatusCode()).as(r.getBody()).isIn(200, 201);
  }

  private String startRun(String workflow, String body) throws Exception {
    var r = call("POST", "/workflows/" + workflow + "/runs", body, Map.of());
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(201);
    return body(r).path("run").path("runId").asText();
  }

  private APIGatewayV2HTTPResponse call(String method, String path, String body, Map<String, String> headersOrQuery) {
    var rawPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    var headers = new HashMap<String, String>();
    var query = new HashMap<String, String>();
    headersOrQuery.forEach((k, v) -> {
      if (k.equals("Idempotency-Key")) headers.put(k.toLowerCase(), v); else query.put(k, v);
    });
    var event = APIGatewayV2HTTPEvent.builder().withRawPath(rawPath).withBody(body).withHeaders(headers)
        .withQueryStringParameters(query.isEmpty() ? null : query)
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(rawPath).build())
            .build())
        .build();
    return api.handleRequest(event, null);
  }

  private static JsonNode body(APIGatewayV2HTTPResponse r) throws Exception {
    return JSON.readTree(r.getBody());
  }

  private static String code(APIGatewayV2HTTPResponse r) throws Exception {
    return body(r).path("error").path("code").asText();
  }

  private static int status(APIGatewayV2HTTPResponse r) {
    return r.getStatusCode();
  }

  private JsonNode getRun(String runId) throws Exception {
    return body(call("GET", "/runs/" + runId, null, Map.of())).path("run");
  }

  private JsonNode awaitFinished(String runId) throws Exception {
    var deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      var run = getRun(runId);
      var s = run.path("status").asText();
      if (s.equals("succeeded") || s.equals("failed") || s.equals("cancelled")) return run;
      sleep(50);
    }
    throw new AssertionError("run " + runId + " did not finish: " + getRun(runId));
  }

  private void awaitTask(String runId, String task, String status) throws Exception {
    var deadline = System.nanoTime() + 15_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (tasksByName(getRun(runId)).get(task).path("status").asText().equals(status)) return;
      sleep(20);
    }
    throw new AssertionError("task " + task + " never became " + status + ": " + getRun(runId));
  }

  private void awaitReported(String runId, String task) {
    var deadline = System.nanoTime() + 15_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (aws.lambda.invocations().stream().anyMatch(i -> i.run().equals(runId) && i.task().equals(task)
          && i.reportedNanos().get() != 0)) return;
      sleep(20);
    }
    throw new AssertionError("task " + task + " never reported");
  }

  private static Map<String, JsonNode> tasksByName(JsonNode run) {
    var out = new HashMap<String, JsonNode>();
    run.path("tasks").forEach(t -> out.put(t.path("task").asText(), t));
    return out;
  }

  private void recordHandOffs(String runId, Map<String, List<String>> deps) {
    var invs = aws.lambda.invocations().stream().filter(i -> i.run().equals(runId)).toList();
    for (var e : deps.entrySet()) {
      var first = invs.stream().filter(i -> i.task().equals(e.getKey()) && i.attempt() == 1).findFirst().orElseThrow();
      long lastDep = e.getValue().stream().flatMap(d -> invs.stream().filter(i -> i.task().equals(d)))
          .mapToLong(i -> i.reportedNanos().get()).max().orElseThrow();
      if (lastDep < first.receivedNanos()) handOffNanos.add(first.receivedNanos() - lastDep);
    }
    // the retry hop is backoff, not hand-off; the flaky→merge hop counts from attempt 2's report (included above)
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> inputs(Map<String, Object> event) {
    return (Map<String, Object>) event.get("inputs");
  }

  @SuppressWarnings("unchecked")
  private static List<Integer> ints(Map<String, Object> event) {
    return ((Collection<Number>) inputs(event).get("items")).stream().map(Number::intValue).toList();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
