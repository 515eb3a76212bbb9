package dev.ork.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ork.core.port.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One wide map-reduce (list of n → foreach square → sum) through the real handlers on the emulators
 * (dynoxide, ElasticMQ, the Lambda Invoke stand-in), for the fan-out benchmark. The handlers' SDK
 * clients get the caller's interceptors (request counts, consumed capacity).
 */
public final class FanoutRun implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AwsEmulators aws;
  private final ApiCalls api;
  private final SqsPump dispatchPump;
  private final SqsPump statusPump;

  public FanoutRun(int pollers, ExecutionInterceptor... interceptors) throws Exception {
    aws = new AwsEmulators();
    aws.lambda.register("list", (in, ctx) -> {
      int n = ((Number) ((Map<?, ?>) in.get("inputs")).get("n")).intValue();
      var xs = new ArrayList<Integer>(n);
      for (int i = 0; i < n; i++) xs.add(i);
      return Map.of("xs", xs);
    });
    aws.lambda.register("square", (in, ctx) -> {
      int x = ((Number) ((Map<?, ?>) in.get("inputs")).get("x")).intValue();
      return x * x % 1000;
    });
    aws.lambda.register("sum", (in, ctx) -> Map.of("sum", ((Collection<?>) ((Map<?, ?>) in.get("inputs")).get("squares"))
        .stream().mapToLong(v -> ((Number) v).longValue()).sum()));
    api = new ApiCalls(new ApiHandler(Wiring.create(aws.env(), Clock.system())));
    dispatchPump = new SqsPump("dispatch", aws.sqs, aws.dispatch.url(),
        new DispatcherHandler(Wiring.create(aws.env(), Clock.system(), interceptors)), pollers, 1);
    statusPump = new SqsPump("status", aws.sqs, aws.status.url(),
        new StatusUpdateHandler(Wiring.create(aws.env(), Clock.system(), interceptors)), pollers, 1);
    var registered = api.call("PUT", "/workflows/fanout", """
        name: fanout
        tasks:
          list:
            executor: lambda
            function: list
            input_type: {n: int}
            inputs: {n: {const: 0}}
            output_type: {xs: [int]}
          square:
            executor: lambda
            function: square
            depends_on: [list]
            foreach: {ref: tasks.list.output.xs}
            input_type: {x: int}
            inputs: {x: {ref: item}}
            output_type: int
          sum:
            executor: lambda
            function: sum
            depends_on: [square]
            input_type: {squares: [int]}
            inputs: {squares: {ref: tasks.square.output}}
            output_type: {sum: int}
        """);
    if (registered.getStatusCode() >= 300) throw new IllegalStateException(registered.getBody());
  }

  /** Starts a run over {@code n} elements and waits for its end; returns the run (its tasks grouped). */
  public JsonNode run(int n, long timeoutSeconds) throws Exception {
    var r = api.call("POST", "/workflows/fanout/runs", "{\"inputs\": {\"list.n\": " + n + "}}");
    if (r.getStatusCode() != 201) throw new IllegalStateException(r.getBody());
    var runId = ApiCalls.body(r).path("run").path("runId").asText();
    long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) { // no assertion library here: the benchmark runs without test scope
      var run = api.run(runId);
      if (run.path("status").asText().matches("succeeded|failed|cancelled")) return run;
      Thread.sleep(500);
    }
    throw new IllegalStateException("run " + runId + " did not finish in " + timeoutSeconds + " s");
  }

  /** The largest item in the table, in DynamoDB's item-size accounting (names + values). */
  public long largestItemBytes() {
    var client = dev.ork.infra.dynamodb.Dynoxide.client();
    long max = 0;
    for (var page : client.scanPaginator(b -> b.tableName(aws.table))) {
      for (var item : page.items()) max = Math.max(max, size(item));
    }
    return max;
  }

  static long size(Map<String, AttributeValue> item) {
    long n = 0;
    for (var e : item.entrySet()) n += e.getKey().length() + size(e.getValue());
    return n;
  }

  private static long size(AttributeValue v) {
    if (v.s() != null) return v.s().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (v.n() != null) return v.n().length();
    if (v.hasSs()) return v.ss().stream().mapToLong(String::length).sum();
    return 8;
  }

  @Override
  public void close() throws Exception {
    dispatchPump.close();
    statusPump.close();
    aws.close();
  }

}
