package dev.ork.infra.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ork.core.payload.PayloadRef;
import dev.ork.core.port.TaskLaunch;
import dev.ork.core.workflow.CompiledTask;
import dev.ork.core.workflow.ExecutorSpec;
import dev.ork.infra.aws.MotoServer;
import dev.ork.infra.payload.S3PayloadStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The Lambda event's large-payload envelope: S3 on moto (real objects and presigned URLs), Lambda's
 * Invoke at the SDK seam (a stand-in recording the exact request: no Lambda emulator invokes here).
 */
class LambdaEnvelopeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> invoked = new CopyOnWriteArrayList<>();
  private com.sun.net.httpserver.HttpServer server;
  private LambdaExecutor executor;

  @BeforeEach
  void start() throws Exception {
    var s3 = MotoServer.s3("LambdaEnvelopeTest");
    var bucket = "ork-payloads-" + UUID.randomUUID();
    s3.createBucket(b -> b.bucket(bucket));
    var store = new S3PayloadStore(bucket, () -> s3, () -> MotoServer.s3Presigner("LambdaEnvelopeTest"));
    server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      invoked.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      ex.getResponseHeaders().add("x-amzn-RequestId", "req-" + invoked.size());
      ex.sendResponseHeaders(202, -1);
      ex.close();
    });
    server.start();
    var lambda = LambdaClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
        .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .httpClient(UrlConnectionHttpClient.create()).build();
    executor = new LambdaExecutor(lambda, store);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static TaskLaunch launch(JsonNode input) {
    var task = new CompiledTask("digest", 0, new ExecutorSpec.Lambda("ork-task-digest", null, null), List.of(), Map.of(),
        null, null, null, 0);
    return new TaskLaunch("run-1", "big", task, 1, input);
  }

  @Test
  void aSmallInput_goesInline_withAnUploadLocationForALargeOutput_atTheSdkSeam() throws Exception {
    executor.launch(launch(JSON.createObjectNode().put("n", 3)));
    var event = JSON.readTree(invoked.get(0));
    assertThat(event.get("inputs")).isEqualTo(JSON.readTree("{\"n\":3}"));
    assertThat(event.has("inputs_payload")).isFalse();
    var upload = event.get("output_upload");
    assertThat(upload.get("uri").asText()).endsWith("/payloads/run-1/digest/1/output.json");

    var output = "{\"blob\":\"" + "u".repeat(2 * 1024 * 1024) + "\"}";
    var put = http.send(HttpRequest.newBuilder(URI.create(upload.get("url").asText())).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(output)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
  }

  @Test
  void a5MiBInput_goesByReference_andThePresignedUrlServesItIntact_atTheSdkSeam() throws Exception {
    var input = JSON.createObjectNode().put("blob", "v".repeat(5 * 1024 * 1024));
    executor.launch(launch(input));
    var sent = invoked.get(0);
    assertThat(sent.length()).isLessThan(LambdaExecutor.MAX_EVENT_BYTES);
    var event = JSON.readTree(sent);
    assertThat(event.get("inputs").isNull()).isTrue();
    var ref = event.get("inputs_payload");
    var expected = JSON.writeValueAsBytes(input);
    assertThat(ref.get("size").asLong()).isEqualTo(expected.length);
    assertThat(ref.get("sha256").asText()).isEqualTo(PayloadRef.sha256(expected));
    var got = http.send(HttpRequest.newBuilder(URI.create(ref.get("url").asText())).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(PayloadRef.sha256(got.body())).isEqualTo(ref.get("sha256").asText());
  }
}
