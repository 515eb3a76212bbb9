package dev.ork.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A local stand-in for ECS (RunTask, StopTask), EventBridge and CloudWatch Logs (GetLogEvents), at the
 * SDK seam. RunTask records the request and "runs the container": the overridden command through
 * {@code sh -c} with the override's environment (what the image would do), its stdout lines kept as the
 * awslogs stream {@code ork/<container>/<task id>}. When it exits, the {@code ECS Task State Change}
 * event for STOPPED, as EventBridge delivers it to an SQS target, is sent to the status queue.
 */
final class EcsStandIn implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String ACCOUNT = "123456789012";

  record Call(String target, JsonNode body) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();
  final Map<String, List<String>> streams = new ConcurrentHashMap<>();
  private final HttpServer server;
  private final SqsClient sqs;
  private final String statusQueueUrl;
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

  EcsStandIn(SqsClient sqs, String statusQueueUrl) throws IOException {
    this.sqs = sqs;
    this.statusQueueUrl = statusQueueUrl;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  List<Call> calls(String operation) {
    return calls.stream().filter(c -> c.target().endsWith("." + operation)).toList();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      var target = String.valueOf(ex.getRequestHeaders().getFirst("X-Amz-Target"));
      var body = JSON.readTree(ex.getRequestBody().readAllBytes());
      calls.add(new Call(target, body));
      String reply;
      switch (target.substring(target.indexOf('.') + 1)) {
        case "RunTask" -> reply = runTask(body);
        case "StopTask" -> reply = "{\"task\":{}}";
        case "GetLogEvents" -> reply = logEvents(body);
        default -> {
          send(ex, 400, "{\"__type\":\"UnknownOperationException\",\"message\":\"" + target + "\"}");
          return;
        }
      }
      send(ex, 200, reply);
    }
  }

  private String runTask(JsonNode req) {
    var cluster = req.path("cluster").asText();
    var taskArn = "arn:aws:ecs:us-east-1:" + ACCOUNT + ":task/" + cluster + "/" + UUID.randomUUID().toString().replace("-", "");
    workers.submit(() -> run(req, taskArn));
    return JSON.createObjectNode().set("tasks", JSON.createArrayNode().add(JSON.createObjectNode().put("taskArn", taskArn)))
        .toString();
  }

  private void run(JsonNode req, String taskArn) {
    var override = req.path("overrides").path("containerOverrides").get(0);
    var container = override.path("name").asText();
    var lines = new ArrayList<String>();
    Integer exit;
    try {
      var cmd = new ArrayList<String>();
      override.path("command").forEach(c -> cmd.add(c.asText()));
      var pb = new ProcessBuilder(cmd).directory(Files.createTempDirectory("ecs-task").toFile()).redirectErrorStream(true);
      override.path("environment").forEach(kv -> pb.environment().put(kv.path("name").asText(), kv.path("value").asText()));
      var p = pb.start();
      p.getOutputStream().close();
      new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().forEach(lines::add);
      exit = p.waitFor();
    } catch (Exception e) {
      lines.add("stand-in: " + e);
      exit = 1;
    }
    var taskId = taskArn.substring(taskArn.lastIndexOf('/') + 1);
    streams.put("ork/" + container + "/" + taskId, List.copyOf(lines));
    ObjectNode event = JSON.createObjectNode();
    event.put("version", "0").put("id", UUID.randomUUID().toString()).put("detail-type", "ECS Task State Change")
        .put("source", "aws.ecs").put("account", ACCOUNT).put("time", Instant.now().toString()).put("region", "us-east-1");
    event.putArray("resources").add(taskArn);
    var d = event.putObject("detail");
    d.put("clusterArn", "arn:aws:ecs:us-east-1:" + ACCOUNT + ":cluster/" + req.path("cluster").asText());
    d.put("taskArn", taskArn).put("lastStatus", "STOPPED").put("desiredStatus", "STOPPED").put("launchType", "FARGATE");
    d.put("taskDefinitionArn", "arn:aws:ecs:us-east-1:" + ACCOUNT + ":task-definition/" + req.path("taskDefinition").asText());
    d.put("startedBy", req.path("startedBy").asText()).put("group", "family:" + req.path("taskDefinition").asText());
    d.put("stopCode", "EssentialContainerExited").put("stoppedReason", "Essential container in task exited");
    d.putArray("containers").addObject().put("name", container).put("lastStatus", "STOPPED").put("exitCode", exit);
    d.set("overrides", req.path("overrides"));
    sqs.sendMessage(b -> b.queueUrl(statusQueueUrl).messageBody(event.toString()));
  }

  private String logEvents(JsonNode req) {
    var lines = streams.get(req.path("logStreamName").asText());
    if (lines == null) return null;
    var out = JSON.createObjectNode();
    var events = out.putArray("events");
    lines.forEach(l -> events.addObject().put("timestamp", 1).put("message", l));
    out.put("nextBackwardToken", "b/0").put("nextForwardToken", "f/0");
    return out.toString();
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    if (body == null) {
      status = 400;
      body = "{\"__type\":\"ResourceNotFoundException\",\"message\":\"The specified log stream does not exist.\"}";
    }
    var bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
    ex.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }


  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
