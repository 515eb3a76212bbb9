package dev.ork.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ork.cli.OrkCli;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** How the remote verbs report what is not the API's answer: a missing URL, an unreachable host, API Gateway's own errors. */
class RemoteErrorsTest {
  private static String[] run(String... args) {
    var r = OrkCli.executeCaptured(args);
    return new String[] {String.valueOf(r.exit()), r.out(), r.err()};
  }

  @Test
  void noApiUrl_isAUsageError_sayingWhereItComesFrom() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(ApiOptions.URL_VARIABLE) == null);
    var r = run("remote", "workflows");
    assertThat(r[0]).isEqualTo(String.valueOf(OrkCli.EXIT_USAGE));
    assertThat(r[2]).isEqualTo("error[missing_api_url]: no API URL: pass --api <url> or set ORK_API_URL\n"
        + "hint: use the ApiUrl output of the deployed stack (docs/deploy.md)\n");
  }

  @Test
  void anUnreachableApi_isOneLine_exit1() throws Exception {
    int port;
    try (var s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    System.setProperty("aws.accessKeyId", "AKIDTEST");
    System.setProperty("aws.secretAccessKey", "secret");
    try {
      var r = run("remote", "status", "some-run", "--api", "http://127.0.0.1:" + port + "/v1", "--region", "eu-west-1");
      assertThat(r[0]).isEqualTo("1");
      assertThat(r[2]).startsWith("error[unreachable]: cannot connect to 127.0.0.1")
          .contains("hint: check the API URL (--api or ORK_API_URL");
      assertThat(r[2].lines().count()).isEqualTo(2);
      var before = run("remote", "--api", "http://127.0.0.1:" + port + "/v1", "--region", "eu-west-1", "status", "some-run");
      assertThat(before[2]).as("--api given before the verb").isEqualTo(r[2]);
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  @Test
  void answer_mapsOrksErrorsAndApiGatewaysOwn() {
    assertThatThrownBy(() -> OrkApi.answer(409, "{\"error\":{\"code\":\"conflict\",\"message\":\"run r is cancelled\"}}"))
        .isInstanceOfSatisfying(ApiProblem.class, p -> {
          assertThat(p.code).isEqualTo("conflict");
          assertThat(p.getMessage()).isEqualTo("run r is cancelled");
          assertThat(p.exitCode()).isEqualTo(OrkCli.EXIT_FAILED);
        });
    assertThatThrownBy(() -> OrkApi.answer(403, "{\"message\":\"Forbidden\"}"))
        .isInstanceOfSatisfying(ApiProblem.class, p -> {
          assertThat(p.code).isEqualTo("forbidden");
          assertThat(p.hint).contains("execute-api:Invoke");
          assertThat(p.exitCode()).isEqualTo(OrkCli.EXIT_INVALID);
        });
    assertThatThrownBy(() -> OrkApi.answer(404, "{\"message\":\"Not Found\"}"))
        .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.hint).contains("stage included"));
    assertThatThrownBy(() -> OrkApi.answer(503, "<html>busy</html>"))
        .isInstanceOfSatisfying(ApiProblem.class, p -> {
          assertThat(p.code).isEqualTo("unavailable");
          assertThat(p.exitCode()).isEqualTo(OrkCli.EXIT_FAILED);
        });
    assertThat(OrkApi.answer(200, "{\"workflows\":[]}").path("workflows").isArray()).isTrue();
  }
}
