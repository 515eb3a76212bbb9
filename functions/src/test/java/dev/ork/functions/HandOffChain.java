package dev.ork.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ork.api.JsonLog;
import dev.ork.core.port.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Chains of no-op Lambda tasks run through the real handlers on the emulators (dynoxide, ElasticMQ, the
 * Lambda Invoke stand-in), with {@link SqsPump}s as the event source mappings. Each hand-off (a task's
 * destination record being sent to the status queue, from the start of its SendMessage → its dependent's
 * Invoke arriving at the stand-in) is
 * broken down: the status queue's share, the status handler's share up to the Invoke, and each SDK
 * request the handler made meanwhile (dependents are launched inline, so there is no dispatch queue hop).
 */
public final class HandOffChain implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One hand-off, in nanoseconds; {@code requests}: the handler's SDK requests sent until the Invoke arrived (the Invoke included). */
  public record Hop(long total, long queue, long handler, List<RequestTimer.Timed> requests) {}

  private final int tasks;
  private final AwsEmulators aws;
  private final RequestTimer timer = new RequestTimer();
  private final ApiHandler api;
  private final SqsPump dispatchPump;
  private final SqsPump statusPump;

  /** A fresh table and queues; {@code pollers} and {@code waitSeconds} configure both pumps. */
  public HandOffChain(int tasks, int pollers, int waitSeconds) throws Exception {
    this(tasks, pollers, waitSeconds, UrlConnectionHttpClient.builder());
  }

  /** As above, the handlers' SDK clients on the given HTTP client. */
  public HandOffChain(int tasks, int pollers, int waitSeconds, SdkHttpClient.Builder<?> http) throws Exception {
    this.tasks = tasks;
    aws = new AwsEmulators();
    aws.lambda.register("noop", (in, ctx) -> Map.of("ok", true));
    api = new ApiHandler(Wiring.create(aws.env(), Clock.system()));
    dispatchPump = new SqsPump("dispatch", aws.sqs, aws.dispatch.url(),
        new DispatcherHandler(Wiring.create(aws.env(), Clock.system(), http, timer)), pollers, waitSeconds);
    statusPump = new SqsPump("status", aws.sqs, aws.status.url(),
        new StatusUpdateHandler(Wiring.create(aws.env(), Clock.system(), http, timer)), pollers, waitSeconds);
    var yaml = new StringBuilder("name: chain\ntasks:\n  t0: {executor: lambda, function: noop}\n");
    for (int i = 1; i < tasks; i++) {
      yaml.append("  t").append(i).append(": {executor: lambda, function: noop, depends_on: [t").append(i - 1).append("]}\n");
    }
    call("PUT", "/workflows/chain", yaml.toString());
  }

  /** The handlers still format their JSON log lines (as on Lambda), but the lines go nowhere. */
  public static void discardHandlerLogs() {
    JsonLog.out = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
  }

  /** Runs one chain to its last report and returns its {@code tasks - 1} hand-offs. */
  public List<Hop> run() throws Exception {
    var runId = JSON.readTree(call("POST", "/workflows/chain/runs", "{}").getBody()).path("run").path("runId").asText();
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (reported(runId) < tasks) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("chain run " + runId + " did not finish");
      Thread.sleep(20);
    }
    Thread.sleep(100); // the last status message is handled
    var invocations = aws.lambda.invocations().stream().filter(i -> i.run().equals(runId)).toList();
    var hops = new ArrayList<Hop>();
    for (int k = 1; k < tasks; k++) {
      var before = invocation(invocations, "t" + (k - 1));
      var after = invocation(invocations, "t" + k);
      var quoted = "\"t" + (k - 1) + "\"";
      var batch = statusPump.batches.stream().filter(b -> b.bodies().stream().anyMatch(x -> x.contains(runId)
          && x.contains(quoted) && x.contains("\"Success\""))).findFirst().orElseThrow();
      long sent = before.reportingNanos().get(); // not when SendMessage returned: that can be after the receive
      var requests = timer.requests.stream().filter(t -> t.thread().startsWith("pump-status")
          && t.sentNanos() >= batch.receivedNanos() && t.sentNanos() <= after.receivedNanos()).toList();
      hops.add(new Hop(after.receivedNanos() - sent, batch.receivedNanos() - sent,
          after.receivedNanos() - batch.receivedNanos(), requests));
    }
    return hops;
  }

  /** Requests by operation: count and summed wire time over the given hops. */
  public static Map<String, long[]> requestsByOperation(List<Hop> hops) {
    var out = new LinkedHashMap<String, long[]>();
    for (var h : hops) {
      for (var t : h.requests()) {
        var a = out.computeIfAbsent(t.operation(), k -> new long[2]);
        a[0]++;
        a[1] += t.answeredNanos() - t.sentNanos();
      }
    }
    return out;
  }

  private long reported(String runId) {
    return aws.lambda.invocations().stream().filter(i -> i.run().equals(runId) && i.reportedNanos().get() != 0).count();
  }

  private static LambdaInvokeStandIn.Invocation invocation(List<LambdaInvokeStandIn.Invocation> all, String task) {
    return all.stream().filter(i -> i.task().equals(task)).findFirst().orElseThrow();
  }

  private APIGatewayV2HTTPResponse call(String method, String path, String body) {
    var event = APIGatewayV2HTTPEvent.builder().withRawPath(path).withBody(body).withHeaders(Map.of())
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path).build()).build())
        .build();
    var response = api.handleRequest(event, null);
    if (response.getStatusCode() >= 300) throw new IllegalStateException(method + " " + path + ": " + response.getBody());
    return response;
  }

  @Override
  public void close() throws Exception {
    dispatchPump.close();
    statusPump.close();
    aws.close();
  }
}
