package dev.ork.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;

/** Calls the ApiHandler as API Gateway would (HTTP API payload v2), and waits on runs through it. */
final class ApiCalls {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ApiHandler api;

  ApiCalls(ApiHandler api) {
    this.api = api;
  }

  APIGatewayV2HTTPResponse call(String method, String path, String body) {
    var event = APIGatewayV2HTTPEvent.builder().withRawPath(path).withBody(body).withHeaders(new HashMap<>())
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path).build())
            .build())
        .build();
    return api.handleRequest(event, null);
  }

  static JsonNode body(APIGatewayV2HTTPResponse r) throws Exception {
    return JSON.readTree(r.getBody());
  }

  void register(String name, String yaml) {
    var r = call("PUT", "/workflows/" + name, yaml);
    assertThat(r.getStatusCode()).as(r.getBody()).isIn(200, 201);
  }

  String startRun(String workflow) throws Exception {
    var r = call("POST", "/workflows/" + workflow + "/runs", "{}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(201);
    return body(r).path("run").path("runId").asText();
  }

  JsonNode run(String runId) throws Exception {
    return body(call("GET", "/runs/" + runId, null)).path("run");
  }

  JsonNode awaitFinished(String runId, long seconds) throws Exception {
    var deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      var run = run(runId);
      var s = run.path("status").asText();
      if (s.equals("succeeded") || s.equals("failed") || s.equals("cancelled")) return run;
      Thread.sleep(50);
    }
    throw new AssertionError("run " + runId + " did not finish: " + run(runId).toString().substring(0, 2000));
  }

  static Map<String, JsonNode> tasksByName(JsonNode run) {
    var out = new HashMap<String, JsonNode>();
    run.path("tasks").forEach(t -> {
      out.put(t.path("task").asText(), t);
      t.path("instances").forEach(i -> out.put(i.path("task").asText(), i));
    });
    return out;
  }
}
