package dev.ork.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.api.JsonLog;
import dev.ork.api.ApiAnswers;
import dev.ork.api.ApiRoutes;
import java.util.Map;

/** API Gateway HTTP API (payload 2.0) → {@link ApiRoutes}; every answer is JSON, errors with a stable code. */
public final class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private static final String NAME = "ApiHandler";
  private final ApiRoutes routes;
  private final dev.ork.infra.aws.RunAccounting accounting;

  public ApiHandler() {
    this(Wiring.fromEnvironment(NAME));
  }

  ApiHandler(Wiring w) {
    this.routes = new ApiRoutes(w.engine(), w.snapshots(), w.runs(), w.compiler(), w.clock(),
        new CloudWatchTaskLogs(System.getenv("AWS_REGION"))).withCosts(w.costs());
    this.accounting = w.accounting();
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
    var method = http == null ? null : http.getMethod();
    var path = routePath(event);
    var line = JsonLog.line(NAME, "request").with("method", method).with("path", path);
    var request = new ApiRoutes.Request(method, path, event.getHeaders(), event.getQueryStringParameters(),
        event.getBody(), event.getIsBase64Encoded());
    // a call that changes a run (start, cancel, rerun, …) is that run's usage; reads are nobody's
    var invocation = accounting.invocation(1, Handling.memoryMb(context), false);
    var pending = "api-call:" + java.util.UUID.randomUUID();
    var response = invocation.handle(pending, () -> ApiAnswers.answer(routes, request,
        context == null ? null : context.getAwsRequestId(),
        e -> line.level("ERROR").with("errorType", e.getClass().getName()).with("error", String.valueOf(e.getMessage()))));
    var runId = response.body().path("run").path("runId").asText(null);
    invocation.reassign(pending, "GET".equalsIgnoreCase(method) || response.status() >= 400 ? null : runId);
    invocation.close();
    line.run(runId, null, 0).with("status", response.status()).outcome(response.status() < 400 ? "ok" : "error");
    return respond(response.status(), response.body());
  }

  /**
   * The request path without the stage: on a named stage (template.yaml's StageName, {@code v1}) API
   * Gateway puts the stage in {@code rawPath} ({@code /v1/runs/…}); the {@code $default} stage does not.
   */
  static String routePath(APIGatewayV2HTTPEvent event) {
    var context = event.getRequestContext();
    var http = context == null ? null : context.getHttp();
    var path = event.getRawPath() != null ? event.getRawPath() : http == null ? null : http.getPath();
    var stage = context == null ? null : context.getStage();
    if (path == null || stage == null || stage.isEmpty() || stage.equals("$default")) return path;
    var prefix = "/" + stage;
    if (path.equals(prefix)) return "/";
    return path.startsWith(prefix + "/") ? path.substring(prefix.length()) : path;
  }

  private static APIGatewayV2HTTPResponse respond(int status, JsonNode body) {
    var r = new APIGatewayV2HTTPResponse();
    r.setStatusCode(status);
    r.setHeaders(Map.of("Content-Type", "application/json"));
    r.setBody(body.toString());
    return r;
  }
}
