package dev.ork.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

class RequestSignerTest {
  private static final Clock AT = Clock.fixed(Instant.parse("2026-11-26T05:00:00Z"), ZoneOffset.UTC);

  @Test
  void regionOfHost_readsTheRegion_fromAnExecuteApiHostOnly() {
    assertThat(RequestSigner.regionOfHost("abc123def4.execute-api.eu-west-1.amazonaws.com")).contains("eu-west-1");
    assertThat(RequestSigner.regionOfHost("ABC123DEF4.execute-api.us-gov-west-1.amazonaws.com")).contains("us-gov-west-1");
    assertThat(RequestSigner.regionOfHost("abc.execute-api.cn-north-1.amazonaws.com.cn")).contains("cn-north-1");
    assertThat(RequestSigner.regionOfHost("api.example.com")).isEmpty();
    assertThat(RequestSigner.regionOfHost("127.0.0.1")).isEmpty();
  }

  @Test
  void apiOptions_prefersRegionOption_thenTheHost() {
    var options = new ApiOptions();
    assertThat(options.region("abc.execute-api.ap-southeast-2.amazonaws.com")).isEqualTo("ap-southeast-2");
    options.region = "us-east-2";
    assertThat(options.region("abc.execute-api.ap-southeast-2.amazonaws.com")).isEqualTo("us-east-2");
  }

  @Test
  void sign_addsAnExecuteApiAuthorization_scopedToTheRegion() {
    var signer = new RequestSigner(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
        "eu-west-1", AT);
    var signed = signer.sign(SdkHttpRequest.builder().method(SdkHttpMethod.GET)
        .uri(URI.create("https://abc.execute-api.eu-west-1.amazonaws.com/v1/workflows")).build(), null);
    assertThat(signed.firstMatchingHeader("Authorization")).get().asString()
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/eu-west-1/execute-api/aws4_request, SignedHeaders=");
    assertThat(signed.firstMatchingHeader("X-Amz-Date")).contains("20261126T050000Z");
  }

  @Test
  void sign_withoutCredentials_isOneClearProblem_notAStackTrace() {
    AwsCredentialsProvider none = () -> {
      throw SdkClientException.create("Unable to load credentials from any of the providers in the chain. Details follow");
    };
    var signer = new RequestSigner(none, "eu-west-1", AT);
    assertThatThrownBy(() -> signer.sign(SdkHttpRequest.builder().method(SdkHttpMethod.GET)
        .uri(URI.create("https://abc.execute-api.eu-west-1.amazonaws.com/v1/workflows")).build(), null))
        .isInstanceOfSatisfying(ApiProblem.class, p -> {
          assertThat(p.code).isEqualTo("no_credentials");
          assertThat(p.getMessage()).isEqualTo("no AWS credentials: Unable to load credentials from any of the providers in the chain");
          assertThat(p.hint).contains("aws sso login");
          assertThat(p.hint).contains("AWS_PROFILE").contains("AWS_ACCESS_KEY_ID");
          assertThat(p.exitCode()).isEqualTo(2);
        });
  }

  private static final String CHAIN = "Unable to load credentials from any of the providers in the chain "
      + "AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider(), ProfileCredentialsProvider("
      + "profileName=%1$s), ContainerCredentialsProvider()]) : [SystemPropertyCredentialsProvider(): Unable to load "
      + "credentials from system settings. Access key must be specified either via environment variable (AWS_ACCESS_KEY_ID) "
      + "or system property (aws.accessKeyId)., ProfileCredentialsProvider(profileName=%1$s, profileFile=ProfileFile("
      + "sections=[profiles], profiles=[Profile(name=%1$s, properties=[sso_session])])): %2$s, ContainerCredentialsProvider(): "
      + "Cannot fetch credentials from container.]";

  @Test
  void theChainsLongMessage_isCutToTheProfilesReason_orToNoneFound() {
    var expired = "The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO "
        + "session run aws sso login with the corresponding profile.";
    assertThat(RequestSigner.actionable(String.format(CHAIN, "dev", expired))).isEqualTo(expired);
    assertThat(RequestSigner.actionable(String.format(CHAIN, "nope",
        "Profile file contained no credentials for profile 'nope': ProfileFile(sections=[])")))
        .isEqualTo("Profile file contained no credentials for profile 'nope'");
    assertThat(RequestSigner.actionable(String.format(CHAIN, "default",
        "Profile file contained no credentials for profile 'default': ProfileFile(sections=[])")))
        .startsWith("none found (no AWS_ACCESS_KEY_ID, no AWS_PROFILE or default profile");
  }
}
