package dev.ork.functions;

import static dev.ork.functions.ApiCalls.tasksByName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.infra.aws.RequestCounter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * foreach on the AWS wiring: the handlers on dynoxide (DynamoDB) and ElasticMQ (SQS), Lambda tasks
 * through the Invoke stand-in (which asserts the request and reports through the status queue).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FanoutEndToEndTest {
  private AwsEmulators aws;
  private ApiCalls api;
  private SqsPump dispatchPump;
  private SqsPump statusPump;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();

  private static final String MAP_REDUCE = """
      name: %s
      tasks:
        list:
          executor: lambda
          function: %s
          output_type: {xs: [int]}
        square:
          executor: lambda
          function: square
          depends_on: [list]
          foreach: {ref: tasks.list.output.xs}
          max_concurrency: 3
          retries: 1
          input_type: {x: int, i: int}
          inputs: {x: {ref: item}, i: {ref: item_index}}
          output_type: int
        total:
          executor: lambda
          function: total
          depends_on: [square]
          input_type: {squares: [int]}
          inputs: {squares: {ref: tasks.square.output}}
          output_type: {sum: int}
      """;

  @BeforeAll
  void start() throws Exception {
    aws = new AwsEmulators();
    aws.lambda.register("ten", (in, ctx) -> Map.of("xs", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)));
    aws.lambda.register("none", (in, ctx) -> Map.of("xs", List.of()));
    aws.lambda.register("with_bad", (in, ctx) -> Map.of("xs", List.of(1, -1, 3)));
    aws.lambda.register("many_slow", (in, ctx) -> Map.of("xs", List.of(100, 100, 100, 100, 100, 100)));
    aws.lambda.register("square", (in, ctx) -> {
      int x = ((Number) inputs(in).get("x")).intValue();
      int now = inFlight.incrementAndGet();
      peak.accumulateAndGet(now, Math::max);
      try {
        sleep(x >= 100 ? 2000 : 150);
        if (x < 0) throw new IllegalArgumentException("negative input " + x);
        return x * x;
      } finally {
        inFlight.decrementAndGet();
      }
    });
    aws.lambda.register("total", (in, ctx) -> {
      @SuppressWarnings("unchecked")
      var squares = (Collection<Number>) inputs(in).get("squares");
      return Map.of("sum", squares.stream().mapToInt(Number::intValue).sum());
    });
    var counter = new RequestCounter();
    dev.ork.core.port.Clock clock = Instant::now;
    api = new ApiCalls(new ApiHandler(aws.wiring(clock, counter)));
    dispatchPump = new SqsPump("dispatch", aws.sqs, aws.dispatch.url(), new DispatcherHandler(aws.wiring(clock, counter)));
    statusPump = new SqsPump("status", aws.sqs, aws.status.url(), new StatusUpdateHandler(aws.wiring(clock, counter)));
    for (var name : List.of("ten", "none", "with_bad", "many_slow")) api.register("map_" + name, MAP_REDUCE.formatted("map_" + name, name));
  }

  @AfterAll
  void stop() throws Exception {
    if (dispatchPump != null) dispatchPump.close();
    if (statusPump != null) statusPump.close();
    if (aws != null) aws.close();
  }

  @Test
  void mapReduce_runsEachElement_atMostThreeAtOnce_andCombinesInOrder() throws Exception {
    peak.set(0);
    var runId = api.startRun("map_ten");
    var run = api.awaitFinished(runId, 60);
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
    var tasks = tasksByName(run);
    assertThat(tasks.get("square").path("output").toString()).isEqualTo("[1,4,9,16,25,36,49,64,81,100]");
    assertThat(tasks.get("square").path("instances")).hasSize(10);
    assertThat(tasks.get("total").path("output").path("sum").asInt()).isEqualTo(385);
    // the bound, from the executions themselves (the stand-in's counter) and from the recorded times
    assertThat(peak.get()).isBetween(1, 3);
    assertThat(maxOverlap(tasks.get("square").path("instances"))).isBetween(1, 3);
    var invoked = aws.lambda.invocations().stream().filter(i -> i.run().equals(runId) && i.task().startsWith("square["))
        .map(LambdaInvokeStandIn.Invocation::task).sorted().toList();
    assertThat(invoked).hasSize(10).doesNotHaveDuplicates();
  }

  @Test
  void emptyList_succeedsWithAnEmptyList() throws Exception {
    var run = api.awaitFinished(api.startRun("map_none"), 30);
    assertThat(run.path("status").asText()).isEqualTo("succeeded");
    var tasks = tasksByName(run);
    assertThat(tasks.get("square").path("output").toString()).isEqualTo("[]");
    assertThat(tasks.get("total").path("output").path("sum").asInt()).isZero();
  }

  @Test
  void instanceFailingAfterItsRetry_failsTheForeach_andItsDependent() throws Exception {
    var runId = api.startRun("map_with_bad");
    var run = api.awaitFinished(runId, 60);
    assertThat(run.path("status").asText()).isEqualTo("failed");
    var tasks = tasksByName(run);
    assertThat(tasks.get("square[1]").path("status").asText()).isEqualTo("failed");
    assertThat(tasks.get("square[1]").path("attempt").asInt()).isEqualTo(2);
    assertThat(tasks.get("square[1]").path("error").asText()).contains("negative input -1");
    assertThat(tasks.get("square[0]").path("status").asText()).isEqualTo("succeeded");
    assertThat(tasks.get("square[2]").path("status").asText()).isEqualTo("succeeded");
    assertThat(tasks.get("square").path("status").asText()).isEqualTo("failed");
    assertThat(tasks.get("total").path("status").asText()).isEqualTo("upstream_failed");
  }

  @Test
  void cancel_duringFanOut_cancelsEveryInstance_andLaunchesNoMore() throws Exception {
    var runId = api.startRun("map_many_slow");
    var deadline = System.nanoTime() + 30_000_000_000L;
    while (aws.lambda.invocations().stream().noneMatch(i -> i.run().equals(runId) && i.task().startsWith("square["))) {
      if (System.nanoTime() > deadline) throw new AssertionError("no instance started: " + api.run(runId));
      sleep(20);
    }
    var cancelled = api.call("POST", "/runs/" + runId + "/cancel", "{}");
    assertThat(cancelled.getStatusCode()).isEqualTo(200);
    sleep(2500); // the running instances report late; those reports are fenced
    var run = api.run(runId);
    assertThat(run.path("status").asText()).isEqualTo("cancelled");
    var tasks = tasksByName(run);
    for (int i = 0; i < 6; i++) assertThat(tasks.get("square[" + i + "]").path("status").asText()).isEqualTo("cancelled");
    assertThat(aws.lambda.invocations().stream().filter(i -> i.run().equals(runId) && i.task().startsWith("square[")))
        .hasSizeLessThanOrEqualTo(3);
  }

  /** The most instances whose [startedAt, finishedAt] intervals overlap at one time. */
  static int maxOverlap(Iterable<com.fasterxml.jackson.databind.JsonNode> instances) {
    var events = new ArrayList<long[]>();
    for (var t : instances) {
      events.add(new long[] {Instant.parse(t.path("startedAt").asText()).toEpochMilli() * 2 + 1, 1});
      events.add(new long[] {Instant.parse(t.path("finishedAt").asText()).toEpochMilli() * 2, -1});
    }
    events.sort((a, b) -> Long.compare(a[0], b[0]));
    int now = 0;
    int max = 0;
    for (var e : events) {
      now += (int) e[1];
      max = Math.max(max, now);
    }
    return max;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> inputs(Map<String, Object> event) {
    return (Map<String, Object>) event.get("inputs");
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
