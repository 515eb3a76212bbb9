package dev.ork.cli.remote;

import java.net.URI;
import java.time.Clock;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** Where the API is ({@code --api} / ORK_API_URL) and which region to sign for; credentials come from the SDK's default chain. */
public final class ApiOptions {
  public static final String URL_VARIABLE = "ORK_API_URL";

  @CommandLine.Option(names = "--api", paramLabel = "<url>",
      description = "The Ork API's base URL: the stack's ApiUrl output, stage included (default: $" + URL_VARIABLE + ").")
  String api;

  @CommandLine.Option(names = "--region", paramLabel = "<region>",
      description = "Region to sign for (default: from the execute-api host name, else AWS_REGION or your profile).")
  String region;

  /** These options, with any left unset taken from {@code outer} (given before the verb). */
  ApiOptions orElse(ApiOptions outer) {
    if (outer == null) return this;
    var merged = new ApiOptions();
    merged.api = api != null ? api : outer.api;
    merged.region = region != null ? region : outer.region;
    return merged;
  }

  OrkApi connect() {
    var url = api != null ? api : System.getenv(URL_VARIABLE);
    if (url == null || url.isBlank()) {
      throw ApiProblem.setup("missing_api_url", "no API URL: pass --api <url> or set " + URL_VARIABLE,
          "use the ApiUrl output of the deployed stack (docs/deploy.md)");
    }
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw ApiProblem.setup("invalid_api_url", "API URL '" + url + "' is not a URL", "it looks like https://<id>.execute-api.<region>.amazonaws.com/v1");
    }
    if (uri.getHost() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
      throw ApiProblem.setup("invalid_api_url", "API URL '" + url + "' is not an http(s) URL", "it looks like https://<id>.execute-api.<region>.amazonaws.com/v1");
    }
    if (uri.getScheme().equals("http") && isLoopback(uri.getHost())) {
      // `ork serve` on this machine needs no AWS signature: signed only when credentials are at hand
      // (system properties, environment, profile; never the instance metadata service)
      var local = AwsCredentialsProviderChain.of(SystemPropertyCredentialsProvider.create(),
          EnvironmentVariableCredentialsProvider.create(), ProfileCredentialsProvider.create());
      var signingRegion = region != null && !region.isBlank() ? region.trim()
          : System.getProperty("aws.region", System.getenv().getOrDefault("AWS_REGION", "us-east-1"));
      return new OrkApi(uri, new RequestSigner(local, signingRegion, Clock.systemUTC()), true);
    }
    var signer = new RequestSigner(DefaultCredentialsProvider.builder().build(), region(uri.getHost()), Clock.systemUTC());
    return new OrkApi(uri, signer);
  }

  private static boolean isLoopback(String host) {
    var h = host.replaceAll("^\\[|\\]$", "");
    return h.equals("localhost") || h.equals("::1") || h.startsWith("127.");
  }

  String region(String host) {
    if (region != null && !region.isBlank()) return region.trim();
    var fromHost = RequestSigner.regionOfHost(host);
    if (fromHost.isPresent()) return fromHost.get();
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
    } catch (SdkClientException e) {
      throw ApiProblem.setup("no_region", "cannot tell which region " + host + " is in",
          "pass --region, or set AWS_REGION");
    }
  }
}
