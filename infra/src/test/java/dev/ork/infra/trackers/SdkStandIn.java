package dev.ork.infra.trackers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * A stand-in for an AWS service (or any HTTP endpoint) on 127.0.0.1: records every request and
 * answers with responses scripted per operation (the {@code X-Amz-Target} header for JSON-RPC
 * services, else the path). The tracker tests assert the exact request the SDK put on the wire.
 */
final class SdkStandIn implements AutoCloseable {

  record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
          .map(e -> e.getValue().get(0)).orElse(null);
    }

    String operation() {
      var target = header("X-Amz-Target");
      return target != null ? target : path;
    }

    JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("request body is not JSON: " + body, e);
      }
    }
  }

  record Response(int status, String contentType, String body) {}

  static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpServer server;
  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Response>> script = new ConcurrentHashMap<>();

  SdkStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      var request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body);
      requests.add(request);
      var queue = script.get(request.operation());
      var response = queue == null || queue.isEmpty()
          ? new Response(500, "application/json", "{\"__type\":\"StandInError\",\"message\":\"nothing scripted for "
              + request.operation() + "\"}")
          : queue.size() > 1 ? queue.poll() : queue.peek();
      var bytes = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      exchange.getResponseHeaders().set("x-amzn-RequestId", "stand-in");
      exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
      try (var out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  /** Answers {@code operation} with these responses in turn (the last one repeats). */
  SdkStandIn on(String operation, Response... responses) {
    script.put(operation, new ArrayDeque<>(List.of(responses)));
    return this;
  }

  SdkStandIn onJson(String operation, String json) {
    return on(operation, new Response(200, "application/x-amz-json-1.1", json));
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** A real SDK client pointed at the stand-in, with static credentials, no retries. */
  <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
    return builder.endpointOverride(endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSTANDIN", "secret")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.retryStrategy(software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry()))
        .build();
  }

  Request only() {
    org.assertj.core.api.Assertions.assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
