package dev.ork.functions;

import static dev.ork.functions.ApiCalls.tasksByName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.infra.aws.RequestCounter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Pools and max_active_runs on the AWS wiring: the handlers on dynoxide and ElasticMQ, Lambda tasks
 * through the Invoke stand-in; the pool set with PUT /pools/{name}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LimitsEndToEndTest {
  private AwsEmulators aws;
  private ApiCalls api;
  private SqsPump dispatchPump;
  private SqsPump statusPump;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();

  @BeforeAll
  void start() throws Exception {
    aws = new AwsEmulators();
    aws.lambda.register("slow", (in, ctx) -> {
      peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inFlight.decrementAndGet();
      }
      return Map.of("ok", true);
    });
    var counter = new RequestCounter();
    dev.ork.core.port.Clock clock = Instant::now;
    api = new ApiCalls(new ApiHandler(aws.wiring(clock, counter)));
    dispatchPump = new SqsPump("dispatch", aws.sqs, aws.dispatch.url(), new DispatcherHandler(aws.wiring(clock, counter)));
    statusPump = new SqsPump("status", aws.sqs, aws.status.url(), new StatusUpdateHandler(aws.wiring(clock, counter)));
    api.register("pooled", """
        name: pooled
        tasks:
          a: {executor: lambda, function: slow, pool: api}
          b: {executor: lambda, function: slow, pool: api}
          c: {executor: lambda, function: slow, pool: api}
        """);
    api.register("serial", """
        name: serial
        max_active_runs: 1
        tasks:
          only: {executor: lambda, function: slow}
        """);
  }

  @AfterAll
  void stop() throws Exception {
    if (dispatchPump != null) dispatchPump.close();
    if (statusPump != null) statusPump.close();
    if (aws != null) aws.close();
  }

  @Test
  void poolOfTwo_sharedByTwoRuns_neverRunsMoreThanTwo() throws Exception {
    var set = api.call("PUT", "/pools/api", "{\"slots\": 2}");
    assertThat(set.getStatusCode()).as(set.getBody()).isEqualTo(200);
    assertThat(ApiCalls.body(set).path("pool").path("slots").asInt()).isEqualTo(2);
    peak.set(0);
    var first = api.startRun("pooled");
    var second = api.startRun("pooled");
    var waiting = ApiCalls.tasksByName(api.run(second)).values().stream().filter(t -> t.has("waitingReason")).toList();
    assertThat(waiting).as("a queued task says what it waits for (at most 2 of the 6 run, none ended yet)").isNotEmpty()
        .allSatisfy(t -> assertThat(t.path("waitingReason").asText()).matches("for a slot of pool api \\([0-9]/2 in use\\)"));
    var tasks = new ArrayList<com.fasterxml.jackson.databind.JsonNode>();
    for (var id : List.of(first, second)) {
      var run = api.awaitFinished(id, 60);
      assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
      tasks.addAll(tasksByName(run).values());
    }
    assertThat(peak.get()).isBetween(1, 2);
    assertThat(FanoutEndToEndTest.maxOverlap(tasks)).isBetween(1, 2);
    var pools = ApiCalls.body(api.call("GET", "/pools", null)).path("pools");
    assertThat(pools.toString()).contains("{\"name\":\"api\",\"slots\":2,\"inUse\":0}");
  }

  @Test
  void putPool_refusesBadSlots_withAStableCode() throws Exception {
    var bad = api.call("PUT", "/pools/api", "{\"slots\": 0}");
    assertThat(bad.getStatusCode()).isEqualTo(400);
    assertThat(ApiCalls.body(bad).path("error").path("code").asText()).isEqualTo("invalid_input");
  }

  @Test
  void maxActiveRunsOne_withThreeStarts_runsThemOneAfterAnother_inCreationOrder() throws Exception {
    var ids = List.of(api.startRun("serial"), api.startRun("serial"), api.startRun("serial"));
    var runs = new ArrayList<com.fasterxml.jackson.databind.JsonNode>();
    for (var id : ids) runs.add(api.awaitFinished(id, 60));
    assertThat(runs).allSatisfy(r -> assertThat(r.path("status").asText()).isEqualTo("succeeded"));
    runs.sort(Comparator.comparing(r -> r.path("createdAt").asText()));
    for (int i = 1; i < runs.size(); i++) {
      assertThat(Instant.parse(runs.get(i).path("startedAt").asText()))
          .isAfterOrEqualTo(Instant.parse(runs.get(i - 1).path("finishedAt").asText()));
    }
  }
}
