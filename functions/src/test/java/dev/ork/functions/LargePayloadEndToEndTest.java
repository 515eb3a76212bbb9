package dev.ork.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ork.core.payload.PayloadRef;
import dev.ork.infra.aws.RequestCounter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 11 on the AWS wiring: the handlers on dynoxide, ElasticMQ and moto S3 (the payload bucket),
 * Lambda tasks through the Invoke stand-in. A producer uploads a 5 MiB output to its presigned
 * {@code output_upload} location and returns the reference; the consumer gets the 5 MiB input by
 * reference ({@code inputs_payload}) and digests it; the task's DynamoDB item stays small.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargePayloadEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private AwsEmulators aws;
  private ApiCalls api;
  private SqsPump dispatchPump;
  private SqsPump statusPump;

  /** 5 MiB of a repeating 64-character pattern, numbered so no two chunks are equal. */
  static String blob() {
    var sb = new StringBuilder(5 * 1024 * 1024);
    for (int i = 0; sb.length() < 5 * 1024 * 1024; i++) sb.append(String.format("%064d", i));
    return sb.toString();
  }

  @BeforeAll
  void start() throws Exception {
    aws = new AwsEmulators();
    var env = aws.envWithPayloadBucket("LargePayloadEndToEndTest");
    aws.lambda.register("produce", (in, ctx) -> {
      @SuppressWarnings("unchecked") var upload = (Map<String, Object>) in.get("output_upload");
      var bytes = json(Map.of("blob", blob()));
      var put = send(HttpRequest.newBuilder(URI.create((String) upload.get("url"))).header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
      if (put.statusCode() != 200) throw new IllegalStateException("upload failed: " + put.statusCode());
      return Map.of(PayloadRef.FIELD, Map.of("uri", upload.get("uri"), "size", bytes.length, "sha256", PayloadRef.sha256(bytes)));
    });
    aws.lambda.register("digest", (in, ctx) -> {
      @SuppressWarnings("unchecked") var ref = (Map<String, Object>) in.get("inputs_payload");
      if (ref == null) throw new IllegalStateException("expected the inputs by reference, got " + in.keySet());
      var got = send(HttpRequest.newBuilder(URI.create((String) ref.get("url"))).build());
      try {
        var blob = JSON.readTree(got.body()).path("blob").asText();
        return Map.of("sha256", PayloadRef.sha256(blob.getBytes(StandardCharsets.UTF_8)), "chars", blob.length());
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    });
    var counter = new RequestCounter();
    dev.ork.core.port.Clock clock = Instant::now;
    api = new ApiCalls(new ApiHandler(Wiring.create(env, clock, counter)));
    dispatchPump = new SqsPump("dispatch", aws.sqs, aws.dispatch.url(), new DispatcherHandler(Wiring.create(env, clock, counter)));
    statusPump = new SqsPump("status", aws.sqs, aws.status.url(), new StatusUpdateHandler(Wiring.create(env, clock, counter)));
    api.register("big", """
        name: big
        tasks:
          produce: {executor: lambda, function: produce, output_type: {blob: str}}
          digest:
            executor: lambda
            function: digest
            depends_on: [produce]
            input_type: {blob: str}
            inputs: {blob: {ref: tasks.produce.output.blob}}
            output_type: {sha256: str, chars: int}
        """);
  }

  private static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (dispatchPump != null) dispatchPump.close();
    if (statusPump != null) statusPump.close();
    if (aws != null) aws.close();
  }

  @Test
  void a5MiBOutput_goesThroughTheBucket_toALambdaTaskIntact_andTheTaskItemStaysSmall() throws Exception {
    var runId = api.startRun("big");
    var run = api.awaitFinished(runId, 60);
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
    var tasks = ApiCalls.tasksByName(run);
    var expected = PayloadRef.sha256(blob().getBytes(StandardCharsets.UTF_8));
    assertThat(tasks.get("digest").path("output").path("sha256").asText()).isEqualTo(expected);
    assertThat(tasks.get("digest").path("output").path("chars").asInt()).isEqualTo(5 * 1024 * 1024);

    var produce = tasks.get("produce");
    assertThat(produce.has("output")).isFalse();
    long size = produce.path("outputSize").asLong();
    assertThat(size).isGreaterThan(5L * 1024 * 1024);
    var fetched = send(HttpRequest.newBuilder(URI.create(produce.path("outputUrl").asText())).build());
    assertThat(fetched.statusCode()).isEqualTo(200);
    assertThat(PayloadRef.sha256(fetched.body())).isEqualTo(produce.path("outputSha256").asText());

    var item = dev.ork.infra.dynamodb.Dynoxide.client().getItem(b -> b.tableName(aws.table).consistentRead(true)
        .key(Map.of("PK", AttributeValue.fromS("RUN#" + runId), "SK", AttributeValue.fromS("TASK#produce")))).item();
    assertThat(item).isNotEmpty();
    System.out.printf("[payload] a %d-byte output stored out of line: the task's DynamoDB item is %d bytes%n", size,
        FanoutRun.size(item));
    assertThat(FanoutRun.size(item)).as("the produce task's item, in bytes").isLessThan(2_000);
  }
}
