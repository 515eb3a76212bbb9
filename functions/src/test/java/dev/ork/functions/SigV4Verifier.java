package dev.ork.functions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * API Gateway's IAM authorization, for tests: recomputes a request's SigV4 signature with the SDK
 * signer from the secret of the access key it names, and compares. The failure messages are API
 * Gateway's own.
 */
final class SigV4Verifier {
  static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature you provided. "
      + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
  static final String UNKNOWN_KEY = "The security token included in the request is invalid.";
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** What came in: the path and query exactly as sent, header names in any case. */
  record Incoming(String method, String host, int port, String rawPath, Map<String, List<String>> query,
                  Map<String, List<String>> headers, byte[] body) {}

  private final String region;
  private final Map<String, String> secrets; // access key id -> secret

  SigV4Verifier(String region, Map<String, String> secrets) {
    this.region = region;
    this.secrets = secrets;
  }

  /** Empty when the signature is valid; else API Gateway's 403 message. */
  Optional<String> reject(Incoming in) {
    var authorization = header(in, "authorization");
    if (authorization == null) return Optional.of("Forbidden");
    var m = AUTHORIZATION.matcher(authorization);
    if (!m.matches()) return Optional.of("Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
    var keyId = m.group(1);
    var secret = secrets.get(keyId);
    if (secret == null) return Optional.of(UNKNOWN_KEY);
    if (!m.group(3).equals(region) || !m.group(4).equals("execute-api")) {
      return Optional.of("Credential should be scoped to a valid region and service execute-api, not '" + m.group(3) + "/" + m.group(4) + "'.");
    }
    Instant signedAt;
    try {
      signedAt = Instant.from(AMZ_DATE.parse(String.valueOf(header(in, "x-amz-date"))));
    } catch (DateTimeParseException e) {
      return Optional.of("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }
    if (Duration.between(signedAt, Instant.now()).abs().compareTo(Duration.ofMinutes(5)) > 0) {
      return Optional.of("Signature expired: " + AMZ_DATE.format(signedAt) + " is now earlier than the allowed window.");
    }
    var expected = signature(in, keyId, secret, m.group(5), signedAt);
    var given = m.group(6);
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII))
        ? Optional.empty() : Optional.of(SIGNATURE_MISMATCH);
  }

  /** The signature the signer gives the same request (only the headers the client signed) at the same time. */
  private String signature(Incoming in, String keyId, String secret, String signedHeaders, Instant signedAt) {
    var request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(in.method())).protocol("http")
        .host(in.host()).port(in.port()).encodedPath(in.rawPath());
    in.query().forEach(request::putRawQueryParameter);
    for (var name : signedHeaders.split(";")) {
      if (name.equals("x-amz-date")) continue; // the signer writes it from the clock below
      var values = headers(in, name);
      if (values != null) request.putHeader(name, values);
    }
    var signed = AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create(keyId, secret))
        .request(request.build()).payload(ContentStreamProvider.fromByteArray(in.body()))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
    var auth = signed.request().firstMatchingHeader("Authorization").orElse("");
    var m = AUTHORIZATION.matcher(auth);
    if (!m.matches() || !m.group(5).equals(signedHeaders)) return "signed headers differ: " + auth;
    return m.group(6);
  }

  private static String header(Incoming in, String lowerName) {
    var values = headers(in, lowerName);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static List<String> headers(Incoming in, String lowerName) {
    for (var e : in.headers().entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(lowerName)) return e.getValue();
    }
    return null;
  }
}
