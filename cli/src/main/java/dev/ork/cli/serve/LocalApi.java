package dev.ork.cli.serve;

import com.sun.net.httpserver.HttpExchange;
import dev.ork.api.ApiAnswers;
import dev.ork.api.ApiRoutes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * `ork serve`'s {@code /v1}: the API of docs/api.md answered by the same {@link ApiRoutes} as the Lambda
 * ApiHandler, plus the local-only live stream {@code GET /v1/runs/{id}/events}.
 */
final class LocalApi implements ServeServer.Api {
  private final ApiRoutes routes;
  private final RunEvents events;
  private final Consumer<RuntimeException> onBug;

  LocalApi(ApiRoutes routes, RunEvents events, Consumer<RuntimeException> onBug) {
    this.routes = routes;
    this.events = events;
    this.onBug = onBug;
  }

  @Override
  public void answer(HttpExchange exchange, String path) throws IOException {
    var method = exchange.getRequestMethod();
    var query = ServeServer.query(exchange.getRequestURI().getRawQuery());
    var runId = RunEvents.runIdOf(path);
    if (runId != null && method.equalsIgnoreCase("GET")) {
      events.stream(exchange, runId);
      return;
    }
    var headers = new HashMap<String, String>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
    var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    var response = ApiAnswers.answer(routes, new ApiRoutes.Request(method, path, headers, query, body, false), null, onBug);
    ServeServer.send(exchange, response.status(), "application/json", response.body().toString());
  }
}
