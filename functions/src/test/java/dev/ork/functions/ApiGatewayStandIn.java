package dev.ork.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What API Gateway (HTTP API, named stage, IAM auth, payload 2.0) does in front of {@link ApiHandler},
 * on a loopback port: checks each request's SigV4 signature ({@link SigV4Verifier}; 403
 * {@code {"message":…}} otherwise), turns it into an {@link APIGatewayV2HTTPEvent} with the stage in
 * {@code rawPath} and calls the real handler.
 */
final class ApiGatewayStandIn implements AutoCloseable {
  static final String STAGE = "v1";

  private final HttpServer server;
  private final ApiHandler handler;
  private final SigV4Verifier verifier;
  final AtomicInteger rejected = new AtomicInteger();
  final AtomicInteger forwarded = new AtomicInteger();

  ApiGatewayStandIn(ApiHandler handler, String region, Map<String, String> secrets) throws IOException {
    this.handler = handler;
    this.verifier = new SigV4Verifier(region, secrets);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The ApiUrl output's counterpart: {@code http://127.0.0.1:<port>/v1}. */
  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + STAGE);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      var uri = exchange.getRequestURI();
      var body = exchange.getRequestBody().readAllBytes();
      var query = query(uri.getRawQuery());
      var hostHeader = exchange.getRequestHeaders().getFirst("Host");
      var incoming = new SigV4Verifier.Incoming(exchange.getRequestMethod(), "127.0.0.1", server.getAddress().getPort(),
          uri.getRawPath(), query, exchange.getRequestHeaders(), body);
      var rejection = hostHeader == null ? Optional.of("Forbidden") : verifier.reject(incoming);
      if (rejection.isPresent()) {
        rejected.incrementAndGet();
        var json = "{\"message\":" + TextNode.valueOf(rejection.get()) + "}";
        send(exchange, 403, json);
        return;
      }
      if (!uri.getRawPath().startsWith("/" + STAGE + "/")) {
        send(exchange, 404, "{\"message\":\"Not Found\"}");
        return;
      }
      forwarded.incrementAndGet();
      var response = handler.handleRequest(event(exchange, uri, query, body), null);
      send(exchange, response.getStatusCode(), response.getBody());
    }
  }

  private static APIGatewayV2HTTPEvent event(HttpExchange exchange, URI uri, Map<String, List<String>> query, byte[] body) {
    var headers = new HashMap<String, String>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
    var params = new HashMap<String, String>();
    query.forEach((k, v) -> params.put(k, String.join(",", v)));
    // API Gateway passes text bodies as they are and base64-encodes the rest
    var type = headers.getOrDefault("content-type", "");
    boolean text = type.startsWith("text/") || type.contains("json");
    return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey("$default")
        .withRawPath(uri.getRawPath()).withRawQueryString(uri.getRawQuery() == null ? "" : uri.getRawQuery())
        .withQueryStringParameters(params.isEmpty() ? null : params).withHeaders(headers)
        .withBody(body.length == 0 ? null : text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body))
        .withIsBase64Encoded(body.length > 0 && !text)
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withStage(STAGE)
            .withRequestId(UUID.randomUUID().toString()).withTimeEpoch(System.currentTimeMillis())
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(exchange.getRequestMethod())
                .withPath(uri.getRawPath()).withProtocol(exchange.getProtocol())
                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                .withUserAgent(headers.get("user-agent")).build())
            .build())
        .build();
  }

  private static Map<String, List<String>> query(String raw) {
    var out = new LinkedHashMap<String, List<String>>();
    if (raw == null || raw.isEmpty()) return out;
    for (var pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      var k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      var v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    var bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
