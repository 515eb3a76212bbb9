package dev.ork.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.ork.core.port.Clock;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The API on the AWS wiring (dynoxide, ElasticMQ) under concurrent starts with idempotency keys, ids
 * that cannot exist, and the run status events it publishes to an EventBridge PutEvents stand-in
 * (no EventBridge emulator exists: the stand-in records the exact requests).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiStartRunsConcurrentlyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private AwsEmulators aws;
  private ApiHandler api;
  private HttpServer events;
  private final List<JsonNode> putEvents = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start() throws Exception {
    aws = new AwsEmulators();
    events = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    events.createContext("/", ex -> {
      var target = ex.getRequestHeaders().getFirst("X-Amz-Target");
      var body = JSON.readTree(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      if ("AWSEvents.PutEvents".equals(target)) putEvents.add(body);
      var reply = "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"e-" + putEvents.size() + "\"}]}";
      var bytes = reply.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
      ex.sendResponseHeaders(200, bytes.length);
      ex.getResponseBody().write(bytes);
      ex.close();
    });
    events.start();
    var env = new HashMap<>(aws.env());
    env.put(OrkEnvironment.EVENT_BUS, "default");
    env.put(OrkEnvironment.ENDPOINT_EVENTS, "http://127.0.0.1:" + events.getAddress().getPort());
    api = new ApiHandler(Wiring.create(env, Clock.system()));
    var r = call("PUT", "/workflows/tiny", """
        name: tiny
        tasks:
          only: {executor: lambda, function: noop, output_type: {ok: bool}}
        """, null);
    assertThat(r.getStatusCode()).as(r.getBody()).isIn(200, 201);
  }

  @AfterAll
  void stop() {
    events.stop(0);
    aws.close();
  }

  @Test
  void sixteenThreadsStartingFiveKeys_getCreatedTrueExactlyOncePerKey() throws Exception {
    var keys = List.of("k1", "k2", "k3", "k4", "k5");
    var pool = Executors.newFixedThreadPool(16);
    var go = new CountDownLatch(1);
    var created = new AtomicInteger();
    var runIdsByKey = new ConcurrentHashMap<String, java.util.Set<String>>();
    try {
      var futures = new ArrayList<Future<?>>();
      for (int t = 0; t < 16; t++) {
        for (var key : keys) {
          futures.add(pool.submit(() -> {
            go.await();
            var r = call("POST", "/workflows/tiny/runs", "{\"idempotencyKey\":\"" + key + "\"}", null);
            var body = JSON.readTree(r.getBody());
            assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(body.path("created").asBoolean() ? 201 : 200);
            if (body.path("created").asBoolean()) created.incrementAndGet();
            runIdsByKey.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(body.path("run").path("runId").asText());
            return null;
          }));
        }
      }
      go.countDown();
      for (var f : futures) f.get();
    } finally {
      pool.shutdownNow();
    }
    assertThat(created.get()).as("created: true answers for 5 keys x 16 threads").isEqualTo(5);
    assertThat(runIdsByKey).hasSize(5).allSatisfy((k, ids) -> assertThat(ids).as(k).hasSize(1));
  }

  @Test
  void idsThatCannotExist_answer400_andUnknownIds404_asJson() throws Exception {
    var tooLong = call("GET", "/runs/" + "r".repeat(10_000), null, null);
    assertThat(tooLong.getStatusCode()).as(tooLong.getBody()).isEqualTo(400);
    assertThat(JSON.readTree(tooLong.getBody()).path("error").path("code").asText()).isEqualTo("invalid_input");
    var odd = call("POST", "/runs/a%20b/cancel", null, null);
    assertThat(odd.getStatusCode()).as(odd.getBody()).isEqualTo(400);
    var unknown = call("GET", "/runs/00000000-0000-0000-0000-000000000000", null, null);
    assertThat(unknown.getStatusCode()).as(unknown.getBody()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.getBody()).path("error").path("code").asText()).isEqualTo("not_found");
    var longName = call("GET", "/workflows/" + "w".repeat(10_000), null, null);
    assertThat(longName.getStatusCode()).as(longName.getBody()).isEqualTo(400);
  }

  @Test
  void startingARun_publishesOrkRunStatusChangeEvents_toTheEventBridgeStandIn() throws Exception {
    var r = call("POST", "/workflows/tiny/runs", "{}", null);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(201);
    var runId = JSON.readTree(r.getBody()).path("run").path("runId").asText();
    var mine = new ArrayList<JsonNode>();
    for (var request : putEvents) {
      for (var entry : request.path("Entries")) {
        var detail = JSON.readTree(entry.path("Detail").asText());
        if (runId.equals(detail.path("runId").asText())) {
          assertThat(entry.path("Source").asText()).isEqualTo("ork");
          assertThat(entry.path("DetailType").asText()).isEqualTo("Ork Run Status Change");
          assertThat(entry.path("EventBusName").asText()).isEqualTo("default");
          assertThat(detail.path("workflow").asText()).isEqualTo("tiny");
          mine.add(detail);
        }
      }
    }
    assertThat(mine.stream().map(d -> d.path("status").asText())).containsExactly("PENDING", "RUNNING");
  }

  private APIGatewayV2HTTPResponse call(String method, String path, String body, Map<String, String> headers) {
    var event = APIGatewayV2HTTPEvent.builder().withRawPath(path).withBody(body).withHeaders(headers)
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path).build())
            .build())
        .build();
    return api.handleRequest(event, null);
  }
}
