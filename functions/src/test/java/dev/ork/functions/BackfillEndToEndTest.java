package dev.ork.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.cli.OrkCli;
import dev.ork.core.port.Clock;
import dev.ork.core.schedule.CatchUp;
import dev.ork.infra.aws.RequestCounter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Backfills on the AWS wiring: the handlers on dynoxide and ElasticMQ, Lambda tasks through the Invoke
 * stand-in, `ork remote backfill…` through {@link ApiGatewayStandIn} (SigV4 checked), the routes also called directly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackfillEndToEndTest {
  private static final String REGION = "eu-west-1";
  private static final String FROM = "2025-12-01T00:00:00Z";
  private static final String TO = "2025-12-08T00:00:00Z";
  private AwsEmulators aws;
  private ApiCalls api;
  private ApiGatewayStandIn gateway;
  private final List<AutoCloseable> pumps = new ArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final AtomicInteger slowStarted = new AtomicInteger();

  @BeforeAll
  void start() throws Exception {
    aws = new AwsEmulators();
    aws.lambda.register("load", (in, ctx) -> {
      peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inFlight.decrementAndGet();
      }
      return Map.of("ok", true);
    });
    aws.lambda.register("slow", (in, ctx) -> {
      slowStarted.incrementAndGet();
      try {
        Thread.sleep(3000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Map.of("ok", true);
    });
    var counter = new RequestCounter();
    Clock clock = Instant::now;
    var handler = new ApiHandler(aws.wiring(clock, counter));
    api = new ApiCalls(handler);
    gateway = new ApiGatewayStandIn(handler, REGION, Map.of("AKIDBACKFILL", "backfill-secret"));
    System.setProperty("aws.accessKeyId", "AKIDBACKFILL");
    System.setProperty("aws.secretAccessKey", "backfill-secret");
    System.setProperty("aws.region", REGION);
    pumps.add(new SqsPump("dispatch", aws.sqs, aws.dispatch.url(), new DispatcherHandler(aws.wiring(clock, counter))));
    pumps.add(new SqsPump("status", aws.sqs, aws.status.url(), new StatusUpdateHandler(aws.wiring(clock, counter))));
    api.register("daily", daily("daily", "load"));
    api.register("slowdaily", daily("slowdaily", "slow"));
    api.register("manual", """
        name: manual
        tasks:
          only: {executor: lambda, function: load}
        """);
  }

  private static String daily(String name, String function) {
    return """
        name: %s
        schedule: "cron(0 0 * * ? *)"
        tasks:
          only: {executor: lambda, function: %s}
        """.formatted(name, function);
  }

  @AfterAll
  void stop() throws Exception {
    for (var p : pumps) p.close();
    if (gateway != null) gateway.close();
    if (aws != null) aws.close();
    for (var p : List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.region")) System.clearProperty(p);
  }

  private OrkCli.Captured ork(String... args) {
    var all = new ArrayList<>(List.of(args));
    all.add(1, "--api=" + gateway.url());
    all.addFirst("remote");
    return OrkCli.executeCaptured(all.toArray(String[]::new));
  }

  private JsonNode backfill(String id) throws Exception {
    return ApiCalls.body(api.call("GET", "/backfills/" + id, null)).path("backfill");
  }

  /** The workflow's runs (the first page of 20 holds them all here). */
  private int runCount(String workflow) throws Exception {
    return ApiCalls.body(api.call("GET", "/workflows/" + workflow + "/runs", null)).path("runs").size();
  }

  @Test
  void sevenDailySlots_withMaxActiveTwo_neverRunMoreThanTwo_andRepeatingStartsNothing() throws Exception {
    var first = ork("backfill", "daily", "--from", FROM, "--to", TO, "--max-active", "2", "--wait", "--poll-ms", "100");
    assertThat(first.exit()).as(first.out() + first.err()).isZero();
    assertThat(first.out()).contains("7 slot(s)", "at most 2 running at once", "succeeded: 7 succeeded");
    var id = first.out().replaceAll("(?s)^backfill (\\S+) .*", "$1");
    var b = backfill(id);
    assertThat(b.path("status").asText()).isEqualTo("succeeded");
    assertThat(b.path("counts").path("succeeded").asInt()).isEqualTo(7);
    var runs = new ArrayList<JsonNode>();
    for (var slot : b.path("runs")) runs.add(api.run(slot.path("runId").asText()));
    assertThat(FanoutEndToEndTest.maxOverlap(runs)).as("from the runs' recorded start and finish times").isBetween(1, 2);
    assertThat(peak.get()).as("Lambda invocations at once").isBetween(1, 2);
    for (int i = 0; i < 7; i++) {
      var end = Instant.parse(FROM).plusSeconds(86_400L * i);
      assertThat(runs.get(i).path("intervalEnd").asText()).isEqualTo(end.toString());
      assertThat(runs.get(i).path("intervalStart").asText()).isEqualTo(end.minusSeconds(86_400).toString());
      assertThat(runs.get(i).path("idempotencyKey").asText()).isEqualTo(CatchUp.runKey("daily", end));
    }

    var again = ork("backfill", "daily", "--from", FROM, "--to", TO, "--max-active", "2", "--wait", "--poll-ms", "100");
    assertThat(again.exit()).as(again.out() + again.err()).isZero();
    assertThat(again.out()).contains("backfill " + id, "asked before: nothing is started twice");
    assertThat(runCount("daily")).isEqualTo(7);
    var direct = api.call("POST", "/workflows/daily/backfills", "{\"from\":\"" + FROM + "\",\"to\":\"" + TO + "\"}");
    assertThat(direct.getStatusCode()).isEqualTo(200);
    assertThat(ApiCalls.body(direct).path("created").asBoolean()).isFalse();
    assertThat(ApiCalls.body(direct).path("backfill").path("runs").findValuesAsText("runId"))
        .containsExactlyElementsOf(b.path("runs").findValuesAsText("runId"));
    var listed = ork("backfills", "daily");
    assertThat(listed.out()).contains(id, "[" + FROM + ", " + TO + ")", "7 slot(s), at most 2 at once");
  }

  @Test
  void cancel_asAWhole_cancelsTheRunningRun_andStartsNoMore() throws Exception {
    var created = ork("backfill", "slowdaily", "--from", FROM, "--to", TO, "--max-active", "1");
    assertThat(created.exit()).as(created.out() + created.err()).isZero();
    var id = created.out().replaceAll("(?s)^backfill (\\S+) .*", "$1");
    for (int i = 0; i < 200 && slowStarted.get() == 0; i++) Thread.sleep(50);
    assertThat(slowStarted.get()).as("the first slot's task started").isEqualTo(1);
    var cancel = ork("backfill-cancel", id);
    assertThat(cancel.exit()).as(cancel.out() + cancel.err()).isZero();
    assertThat(cancel.out()).contains("backfill " + id + " cancelled", "7 cancelled", "ork remote rerun ");
    Thread.sleep(3500); // past the running task's end: its late report must not start the next slot
    var b = backfill(id);
    assertThat(b.path("status").asText()).isEqualTo("cancelled");
    assertThat(b.path("counts").path("cancelled").asInt()).isEqualTo(7);
    assertThat(slowStarted.get()).isEqualTo(1);
    var status = ork("backfill-status", id);
    assertThat(status.exit()).isEqualTo(OrkCli.EXIT_FAILED);
  }

  @Test
  void badRequests_getStableCodes() throws Exception {
    record Case(String path, String body, int status, String code, String message) {}
    for (var c : List.of(
        new Case("/workflows/daily/backfills", "{\"from\":\"" + TO + "\",\"to\":\"" + FROM + "\"}", 400, "invalid_input", "must be before"),
        new Case("/workflows/daily/backfills", "{\"from\":\"yesterday\",\"to\":\"" + TO + "\"}", 400, "invalid_input", "ISO-8601"),
        new Case("/workflows/daily/backfills", "{\"to\":\"" + TO + "\"}", 400, "invalid_input", "'from' is required"),
        new Case("/workflows/daily/backfills", "{\"from\":\"" + FROM + "\",\"to\":\"" + TO + "\",\"max\":1}", 400, "invalid_input", "unknown field"),
        new Case("/workflows/daily/backfills", "{\"from\":\"1990-01-01T00:00:00Z\",\"to\":\"" + TO + "\"}", 400, "invalid_input", "at most 10000"),
        new Case("/workflows/manual/backfills", "{\"from\":\"" + FROM + "\",\"to\":\"" + TO + "\"}", 400, "invalid_input", "has no schedule"),
        new Case("/workflows/nope/backfills", "{\"from\":\"" + FROM + "\",\"to\":\"" + TO + "\"}", 404, "not_found", "not registered"),
        new Case("/backfills/bf-00000000000000000000/cancel", null, 404, "not_found", "does not exist"),
        new Case("/backfills/nope/cancel", null, 400, "invalid_input", "bf-"))) {
      var r = api.call("POST", c.path(), c.body());
      assertThat(r.getStatusCode()).as(c + " → " + r.getBody()).isEqualTo(c.status());
      assertThat(ApiCalls.body(r).path("error").path("code").asText()).isEqualTo(c.code());
      assertThat(ApiCalls.body(r).path("error").path("message").asText()).contains(c.message());
    }
    assertThat(runCount("manual")).isZero();
  }
}
