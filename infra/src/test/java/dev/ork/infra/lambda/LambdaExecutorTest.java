package dev.ork.infra.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.ork.core.port.TaskExecutor.LaunchException;
import dev.ork.core.port.TaskLaunch;
import dev.ork.core.workflow.CompiledTask;
import dev.ork.core.workflow.ExecutorSpec;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

class LambdaExecutorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Seen(String method, String path, String query, Map<String, List<String>> headers, String body) {}

  private HttpServer server;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private volatile int status = 202;
  private volatile String responseBody = "";
  private volatile String errorType = null;
  private LambdaClient client;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      var body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getQuery(),
          Map.copyOf(ex.getRequestHeaders()), body));
      ex.getResponseHeaders().add("x-amzn-RequestId", "req-" + seen.size());
      if (errorType != null) ex.getResponseHeaders().add("x-amzn-ErrorType", errorType);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      var bytes = responseBody.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) ex.getResponseBody().write(bytes);
      ex.close();
    });
    server.start();
    client = LambdaClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop(0);
  }

  private static TaskLaunch launch(String function, String qualifier) {
    var task = new CompiledTask("extract", 0, new ExecutorSpec.Lambda(function, qualifier, null), List.of(), Map.of(),
        null, null, null, 0);
    var input = JSON.createObjectNode().put("n", 3);
    return new TaskLaunch("run-1", "elt", task, 2, input);
  }

  @Test
  void launch_invokesAsynchronouslyWithPayload_atSdkSeam() throws Exception {
    var id = new LambdaExecutor(client).launch(launch("extract-fn", "live"));

    assertThat(id).isEqualTo("req-1");
    assertThat(seen).hasSize(1);
    var req = seen.get(0);
    assertThat(req.method()).isEqualTo("POST");
    assertThat(req.path()).isEqualTo("/2015-03-31/functions/extract-fn/invocations");
    assertThat(req.query()).isEqualTo("Qualifier=live");
    assertThat(req.headers().get("X-amz-invocation-type")).containsExactly("Event");
    assertThat(JSON.readTree(req.body())).isEqualTo(JSON.readTree(
        "{\"run\":\"run-1\",\"task\":\"extract\",\"attempt\":2,\"workflow\":\"elt\",\"inputs\":{\"n\":3}}"));
  }

  @Test
  void launch_omitsQualifier_whenNoneGiven_atSdkSeam() throws Exception {
    new LambdaExecutor(client).launch(launch("extract-fn", null));
    assertThat(seen.get(0).query()).isNull();
  }

  @Test
  void launch_isRetryable_whenThrottled_atSdkSeam() {
    status = 429;
    errorType = "TooManyRequestsException";
    responseBody = "{\"message\":\"Rate exceeded\",\"Type\":\"User\",\"Reason\":\"ReservedFunctionConcurrentInvocationLimitExceeded\"}";
    assertThatThrownBy(() -> new LambdaExecutor(client).launch(launch("f", null)))
        .isInstanceOfSatisfying(LaunchException.class, e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void launch_isRetryable_whenServiceFails_atSdkSeam() {
    status = 500;
    errorType = "ServiceException";
    responseBody = "{\"message\":\"boom\"}";
    assertThatThrownBy(() -> new LambdaExecutor(client).launch(launch("f", null)))
        .isInstanceOfSatisfying(LaunchException.class, e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void launch_isNotRetryable_whenFunctionMissing_atSdkSeam() {
    status = 404;
    errorType = "ResourceNotFoundException";
    responseBody = "{\"message\":\"Function not found: arn:aws:lambda:us-east-1:1:function:f\",\"Type\":\"User\"}";
    assertThatThrownBy(() -> new LambdaExecutor(client).launch(launch("f", null)))
        .isInstanceOfSatisfying(LaunchException.class, e -> {
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).contains("404");
        });
  }

  @Test
  void launch_isNotRetryable_whenAccessDenied_atSdkSeam() {
    status = 403;
    errorType = "AccessDeniedException";
    responseBody = "{\"message\":\"not authorized\"}";
    assertThatThrownBy(() -> new LambdaExecutor(client).launch(launch("f", null)))
        .isInstanceOfSatisfying(LaunchException.class, e -> assertThat(e.retryable()).isFalse());
  }

  @Test
  void stop_doesNothing_becauseLambdaCannotBeStopped() {
    new LambdaExecutor(client).stop("run-1", "extract", 1, "req-1", "timed out");
    assertThat(seen).isEmpty();
  }
}
