package dev.ork.infra.trackers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ork.core.port.JobTracker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code custom_http}: asks an HTTP endpoint for a job's status (ork's tracker, reference §6.3).
 *
 * <p>job_data: {@code url} (required); {@code method} GET|POST|PUT|DELETE (default GET);
 * {@code headers} (string map); {@code status_field} (default {@code status}); {@code success_value}
 * (default {@code success}); {@code failure_value} (optional).
 *
 * <ul>
 *   <li>{@code mock://success…} → Completed, {@code mock://failed…} → Failed("Mock job failed"), any
 *       other {@code mock://} URL → Running (no request is made).
 *   <li>a non-2xx status → Failed(`HTTP request failed with status <code>: <body.error or "Unknown error">`).
 *   <li>a 2xx body whose {@code status_field} equals {@code success_value} → Completed, equals
 *       {@code failure_value} → Failed(`Job failed with status: X`), anything else → Running.
 *   <li>a 2xx body that is not JSON, or whose {@code status_field} is missing or not a string, and
 *       network errors and timeouts → thrown: the triggerer retries, and fails the job after 5 in a row.
 *       (ork fails the job on the first such error.)
 *   <li>an unsupported {@code method} → Failed at once (it cannot get better by asking again).
 * </ul>
 */
public final class CustomHttpTracker implements JobTracker {

  public static final String SERVICE_TYPE = "custom_http";
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE");
  private static final ObjectMapper JSON = dev.ork.core.workflow.WorkflowJson.MAPPER;

  private final java.util.function.Supplier<HttpClient> http;
  private final Duration timeout;

  public CustomHttpTracker(HttpClient http, Duration timeout) {
    this.http = () -> http;
    this.timeout = timeout;
  }

  private CustomHttpTracker(java.util.function.Supplier<HttpClient> http, Duration timeout) {
    this.http = Lazy.of(http);
    this.timeout = timeout;
  }

  /**
   * A tracker with its own client, built on the first real poll (building it sets up TLS: ~0.2-1 s of
   * every `ork run` start otherwise): 10 s to connect, 30 s per request (ork's poll timeout).
   */
  public static CustomHttpTracker standard() {
    return new CustomHttpTracker(() -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NORMAL).build(), Duration.ofSeconds(30));
  }

  @Override
  public String serviceType() {
    return SERVICE_TYPE;
  }

  @Override
  public List<String> requiredFields() {
    return List.of("url");
  }

  @Override
  public Poll poll(JsonNode jobData) throws IOException, InterruptedException {
    var url = JobData.required(jobData, "url");
    if (url.startsWith("mock://")) {
      if (url.startsWith("mock://success")) return new Poll.Completed();
      if (url.startsWith("mock://failed")) return new Poll.Failed("Mock job failed");
      return new Poll.Running();
    }
    var method = JobData.optional(jobData, "method");
    method = method == null ? "GET" : method.toUpperCase(java.util.Locale.ROOT);
    if (!METHODS.contains(method)) {
      return new Poll.Failed("Unsupported HTTP method: " + method);
    }
    var statusField = orDefault(jobData, "status_field", "status");
    var successValue = orDefault(jobData, "success_value", "success");
    var failureValue = JobData.optional(jobData, "failure_value");

    var request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
        .method(method, HttpRequest.BodyPublishers.noBody());
    var headers = jobData.path("headers");
    if (headers.isObject()) {
      for (var e : headers.properties()) {
        request.header(e.getKey(), e.getValue().asText());
      }
    }
    var response = http.get().send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body = parse(response.body());
    if (response.statusCode() < 200 || response.statusCode() > 299) {
      var error = body != null && body.path("error").isTextual() ? body.get("error").asText() : "Unknown error";
      return new Poll.Failed("HTTP request failed with status " + response.statusCode() + ": " + error);
    }
    if (body == null) {
      throw new IOException("Response is not JSON (HTTP " + response.statusCode() + " from " + url + ")");
    }
    var value = body.path(statusField);
    if (!value.isTextual()) {
      throw new IOException("Response missing expected field '" + statusField + "' (a string)");
    }
    var status = value.asText();
    if (status.equals(successValue)) return new Poll.Completed();
    if (failureValue != null && status.equals(failureValue)) return new Poll.Failed("Job failed with status: " + status);
    return new Poll.Running();
  }

  private static String orDefault(JsonNode data, String field, String fallback) {
    var v = JobData.optional(data, field);
    return v == null ? fallback : v;
  }

  private static JsonNode parse(String text) {
    if (text == null || text.isBlank()) return null;
    try {
      return JSON.readTree(text);
    } catch (IOException notJson) {
      return null;
    }
  }
}
