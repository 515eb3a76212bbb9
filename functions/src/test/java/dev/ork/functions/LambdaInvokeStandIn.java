package dev.ork.functions;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A local stand-in for Lambda's Invoke API and asynchronous destinations. It answers the SDK's
 * {@code POST /2015-03-31/functions/<name>/invocations} with {@code X-Amz-Invocation-Type: Event}
 * by 202 and a request id, runs the function's registered Java handler on another thread, then sends
 * the destination invocation record (condition Success, or RetriesExhausted with an Unhandled function
 * error) to the status queue through SQS, as Lambda does with OnSuccess/OnFailure destinations on SQS
 * and MaximumRetryAttempts 0.
 */
final class LambdaInvokeStandIn implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One invocation seen: which attempt, when it arrived, when its record's SendMessage began
   * ({@code reportingNanos}) and returned ({@code reportedNanos}), all nanoTime.
   */
  record Invocation(String function, String qualifier, String requestId, String run, String task, int attempt,
                    long receivedNanos, java.util.concurrent.atomic.AtomicLong reportingNanos,
                    java.util.concurrent.atomic.AtomicLong reportedNanos) {}

  private final HttpServer server;
  private final SqsClient sqs;
  private final String statusQueueUrl;
  private final Map<String, RequestHandler<Map<String, Object>, Object>> functions = new ConcurrentHashMap<>();
  private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

  LambdaInvokeStandIn(SqsClient sqs, String statusQueueUrl) throws IOException {
    this.sqs = sqs;
    this.statusQueueUrl = statusQueueUrl;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/2015-03-31/functions/", this::invoke);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void register(String function, RequestHandler<Map<String, Object>, Object> handler) {
    functions.put(function, handler);
  }

  List<Invocation> invocations() {
    return List.copyOf(invocations);
  }

  private void invoke(HttpExchange ex) throws IOException {
    try (ex) {
      var path = ex.getRequestURI().getPath(); // /2015-03-31/functions/<name>/invocations
      var parts = path.split("/");
      if (!"POST".equals(ex.getRequestMethod()) || parts.length != 5 || !"invocations".equals(parts[4])) {
        error(ex, 404, "UnknownOperationException", "unknown operation " + ex.getRequestMethod() + " " + path);
        return;
      }
      var name = URLDecoder.decode(parts[3], StandardCharsets.UTF_8);
      var handler = functions.get(name);
      if (handler == null) {
        error(ex, 404, "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:123456789012:function:" + name);
        return;
      }
      var type = ex.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
      if (!"Event".equals(type)) {
        error(ex, 400, "InvalidParameterValueException", "this stand-in only takes Event invocations, got " + type);
        return;
      }
      String qualifier = null;
      var query = ex.getRequestURI().getQuery();
      if (query != null && query.startsWith("Qualifier=")) qualifier = query.substring("Qualifier=".length());
      var body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, Object> payload = JSON.readValue(body, new TypeReference<>() {});
      var requestId = UUID.randomUUID().toString();
      var inv = new Invocation(name, qualifier, requestId, (String) payload.get("run"), (String) payload.get("task"),
          ((Number) payload.get("attempt")).intValue(), System.nanoTime(), new java.util.concurrent.atomic.AtomicLong(),
          new java.util.concurrent.atomic.AtomicLong());
      invocations.add(inv);
      ex.getResponseHeaders().add("x-amzn-RequestId", requestId);
      ex.sendResponseHeaders(202, -1);
      workers.submit(() -> run(name, handler, payload, inv));
    }
  }

  private void run(String name, RequestHandler<Map<String, Object>, Object> handler, Map<String, Object> payload,
      Invocation inv) {
    ObjectNode record = JSON.createObjectNode();
    record.put("version", "1.0");
    record.put("timestamp", Instant.now().toString());
    var ctx = record.putObject("requestContext");
    ctx.put("requestId", inv.requestId());
    ctx.put("functionArn", "arn:aws:lambda:us-east-1:123456789012:function:" + name + ":$LATEST");
    ctx.put("approximateInvokeCount", 1);
    record.set("requestPayload", JSON.valueToTree(payload));
    var response = record.putObject("responseContext");
    response.put("statusCode", 200);
    response.put("executedVersion", "$LATEST");
    try {
      var result = handler.handleRequest(payload, null);
      ctx.put("condition", "Success");
      record.set("responsePayload", JSON.valueToTree(result));
    } catch (RuntimeException e) {
      ctx.put("condition", "RetriesExhausted");
      response.put("functionError", "Unhandled");
      record.putObject("responsePayload").put("errorMessage", String.valueOf(e.getMessage()))
          .put("errorType", e.getClass().getName()).putArray("stackTrace");
    }
    inv.reportingNanos().set(System.nanoTime());
    sqs.sendMessage(b -> b.queueUrl(statusQueueUrl).messageBody(record.toString()));
    inv.reportedNanos().set(System.nanoTime());
  }

  private static void error(HttpExchange ex, int status, String type, String message) throws IOException {
    var bytes = JSON.createObjectNode().put("Type", "User").put("message", message).toString()
        .getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("x-amzn-ErrorType", type);
    ex.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
