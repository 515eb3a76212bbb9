package dev.ork.cli.remote;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** SigV4 for API Gateway (service {@code execute-api}) with the SDK's signer and a credentials provider. */
public final class RequestSigner {
  public static final String SERVICE = "execute-api";
  private static final Pattern EXECUTE_API_HOST =
      Pattern.compile("[a-z0-9]+\\.execute-api(?:-fips)?\\.([a-z]{2}(?:-[a-z]+)+-\\d+)\\.amazonaws\\.com(?:\\.cn)?");

  private final AwsCredentialsProvider credentials;
  private final String region;
  private final Clock clock;

  public RequestSigner(AwsCredentialsProvider credentials, String region, Clock clock) {
    this.credentials = credentials;
    this.region = region;
    this.clock = clock;
  }

  public String region() {
    return region;
  }

  /** The region in an API Gateway host name ({@code abc123.execute-api.eu-west-1.amazonaws.com}), if it is one. */
  public static Optional<String> regionOfHost(String host) {
    if (host == null) return Optional.empty();
    var m = EXECUTE_API_HOST.matcher(host.toLowerCase(Locale.ROOT));
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** {@code request} plus the SigV4 headers (Authorization, X-Amz-Date, X-Amz-Security-Token, Host). */
  public SdkHttpRequest sign(SdkHttpRequest request, byte[] body) {
    var identity = resolveCredentials();
    return AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request)
        .payload(body == null ? null : ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
  }

  private AwsCredentialsIdentity resolveCredentials() {
    try {
      return credentials.resolveIdentity().join();
    } catch (SdkException | CompletionException e) {
      var cause = e.getCause() != null && e instanceof CompletionException ? e.getCause() : e;
      throw ApiProblem.setup("no_credentials", "no AWS credentials: " + actionable(cause.getMessage()),
          "set AWS_PROFILE (after `aws sso login` for an SSO profile) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY");
    }
  }

  /**
   * The SDK's chain message lists every provider it tried with its reason; a person can act on the
   * profile's reason (SSO session expired, unknown profile), else on "none found".
   */
  static String actionable(String s) {
    if (s == null) return "unknown reason";
    int end = s.lastIndexOf(", ContainerCredentialsProvider(");
    int profile = s.lastIndexOf("ProfileCredentialsProvider(", end);
    if (end > 0 && profile > 0) {
      int start = s.lastIndexOf("): ", end);
      var reason = start > profile ? s.substring(start + 3, end).replaceFirst(": ProfileFile\\(.*$", "") : "";
      if (!reason.isBlank() && !reason.startsWith("Profile file contained no credentials for profile 'default'")) return reason;
      return "none found (no AWS_ACCESS_KEY_ID, no AWS_PROFILE or default profile, no container or instance role)";
    }
    int dot = s.indexOf(". ");
    return dot < 0 ? s : s.substring(0, dot);
  }
}
