package dev.ork.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The Ork HTTP API (docs/api.md) as seen from the CLI: each call is SigV4-signed (to `ork serve` on
 * loopback only when credentials are at hand: {@code signingOptional}) and sent with the
 * JDK's HTTP client; a non-2xx answer becomes an {@link ApiProblem} carrying the API's error code.
 */
final class OrkApi {
  static final ObjectMapper JSON = new ObjectMapper();
  // the JDK client sets these itself and refuses them from callers; the signer adds Host
  private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

  private final URI base;
  private final RequestSigner signer;
  private final boolean signingOptional;
  private final HttpClient http;

  OrkApi(URI base, RequestSigner signer) {
    this(base, signer, false);
  }

  OrkApi(URI base, RequestSigner signer, boolean signingOptional) {
    this.base = base;
    this.signer = signer;
    this.signingOptional = signingOptional;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  }

  URI base() {
    return base;
  }

  JsonNode get(String path, Map<String, String> query) {
    return send("GET", path, query, null, null, Map.of());
  }

  JsonNode post(String path, JsonNode body, Map<String, String> headers) {
    return send("POST", path, Map.of(), body == null ? null : body.toString(), "application/json", headers);
  }

  JsonNode put(String path, String body, String contentType) {
    return send("PUT", path, Map.of(), body, contentType, Map.of());
  }

  /** Sends one signed request; the answer's JSON on 2xx. */
  JsonNode send(String method, String path, Map<String, String> query, String body, String contentType,
                Map<String, String> headers) {
    var response = exchange(method, path, query, body, contentType, headers);
    return answer(response.statusCode(), response.body());
  }

  /** Sends one signed request; the answer as it came, whatever its status (the console proxy). */
  HttpResponse<String> exchange(String method, String path, Map<String, String> query, String body, String contentType,
                Map<String, String> headers) {
    var uri = uri(path, query);
    var bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    var unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
    if (contentType != null) unsigned.putHeader("Content-Type", contentType);
    headers.forEach(unsigned::putHeader);
    var token = signingOptional ? System.getenv("ORK_SERVE_TOKEN") : null;
    if (token != null && !token.isBlank()) unsigned.putHeader("Authorization", "Bearer " + token.trim());
    SdkHttpRequest signed;
    try {
      signed = token != null && !token.isBlank() ? unsigned.build() : signer.sign(unsigned.build(), bytes);
    } catch (ApiProblem noCredentials) {
      if (!signingOptional || !"no_credentials".equals(noCredentials.code)) throw noCredentials;
      signed = unsigned.build();
    }

    var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .method(method, bytes == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
    signed.headers().forEach((name, values) -> {
      if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) values.forEach(v -> request.header(name, v));
    });
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpConnectTimeoutException | ConnectException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof UnresolvedAddressException) throw unreachable("unknown host " + base.getHost());
      }
      throw unreachable("cannot connect to " + base.getHost() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
    } catch (HttpTimeoutException e) {
      throw unreachable("no answer from " + base.getHost() + " within 30s");
    } catch (IOException e) {
      throw unreachable("request to " + base.getHost() + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable("interrupted");
    }
    return response;
  }

  private URI uri(String path, Map<String, String> query) {
    var b = base.toString().replaceAll("/+$", "") + path;
    var q = new StringBuilder();
    new LinkedHashMap<>(query).forEach((k, v) -> {
      if (v == null) return;
      q.append(q.isEmpty() ? "?" : "&").append(encode(k)).append('=').append(encode(v));
    });
    return URI.create(b + q);
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private ApiProblem unreachable(String message) {
    return ApiProblem.setup("unreachable", message,
        "check the API URL (--api or ORK_API_URL: the stack's ApiUrl output) and your network");
  }

  /** 2xx: the JSON body. Otherwise Ork's {"error":{code,message}} or API Gateway's own {"message"}. */
  static JsonNode answer(int status, String body) {
    JsonNode json;
    try {
      json = body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      if (status / 100 == 2) throw new ApiProblem(status, "bad_response", "the API answered with something that is not JSON", null, null);
      json = JSON.createObjectNode();
    }
    if (status / 100 == 2) return json;
    var error = json.path("error");
    if (error.isObject() && error.hasNonNull("code")) {
      throw new ApiProblem(status, error.path("code").asText(), error.path("message").asText(""), null, error);
    }
    var message = json.path("message").asText(json.path("Message").asText("HTTP " + status));
    throw switch (status) {
      case 401, 403 -> new ApiProblem(status, "forbidden", message,
          "check your AWS credentials (AWS_PROFILE or AWS_ACCESS_KEY_ID…) and that they may call execute-api:Invoke on this API", null);
      case 404 -> new ApiProblem(status, "not_found", message, "check the API URL (--api or ORK_API_URL: the stack's ApiUrl output, stage included)", null);
      case 429 -> new ApiProblem(status, "throttled", message, "retry in a moment", null);
      default -> new ApiProblem(status, status >= 500 ? "unavailable" : "http_" + status, message, null, null);
    };
  }
}
